// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.khoemu.inspect.AnnotatedHexdump;
import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiStruct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A field to compare: name, offset and size in its structure, and how its bytes are judged:
 * a plain value, a physical address (followed elsewhere, so a different non-null address is
 * address-only), a NUL-terminated string, or the u64 of a {@code memfd_luo_folio_ser} whose low
 * 52 bits are a page frame (an address) and whose high bits are flags (a value).
 */
record CField(String name, int offset, int size, Role role) {
    /**
     * VALUE: little-endian integer or bytes; VALUE_BE: a big-endian FDT header word; ADDRESS: a
     * pointer (0 is null, so 0 against non-zero is a real difference); PHYS: a physical address
     * where 0 is a valid one (the start of a bitmap's range); STRINGS: an FDT strings block.
     */
    enum Role { VALUE, VALUE_BE, ADDRESS, PHYS, STRING, PFN_FLAGS, STRINGS }

    static CField value(String name, int offset, int size) {
        return new CField(name, offset, size, Role.VALUE);
    }

    static CField address(String name, int offset, int size) {
        return new CField(name, offset, size, Role.ADDRESS);
    }

    static CField phys(String name, int offset, int size) {
        return new CField(name, offset, size, Role.PHYS);
    }

    static CField string(String name, int offset, int size) {
        return new CField(name, offset, size, Role.STRING);
    }

    /**
     * The inspector's annotated fields of a struct (its one layout table), moved by {@code base}
     * and prefixed with {@code prefix}; those named in {@code addresses} are addresses, those in
     * {@code strings} strings.
     */
    static List<CField> of(List<AnnotatedHexdump.Field> fields, String prefix, int base, Set<String> addresses,
                           Set<String> strings) {
        List<CField> out = new ArrayList<>();
        for (AnnotatedHexdump.Field f : fields) {
            Role r = addresses.contains(f.name()) ? Role.ADDRESS : strings.contains(f.name()) ? Role.STRING : Role.VALUE;
            out.add(new CField(prefix + f.name(), base + f.offset(), f.size(), r));
        }
        return out;
    }

    /**
     * Every field of {@code s} as its layout table gives it (embedded structs opened up with dotted
     * names, as {@link AbiStruct#flatFields()}), moved by {@code base} and prefixed with
     * {@code prefix}: a {@code char[]} is a string, a field named in {@code roles} has that role,
     * any other a value. The table says where a field is; only what its bytes mean is said here.
     */
    static List<CField> of(AbiStruct s, String prefix, int base, Map<String, Role> roles) {
        List<CField> out = new ArrayList<>();
        for (AbiField f : s.flatFields()) {
            if (f.member() != null) {
                continue; // an array of structs: the caller opens the elements it needs
            }
            Role r = roles.getOrDefault(f.name(), f.type().startsWith("char") ? Role.STRING : Role.VALUE);
            out.add(new CField(prefix + f.name(), base + f.offset(), f.size(), r));
        }
        return out;
    }

    /** {@link #of(AbiStruct, String, int, Map)} of element {@code i} of the struct array {@code array} of {@code s}. */
    static List<CField> element(AbiStruct s, String array, int i, String prefix, int base, Map<String, Role> roles) {
        AbiField a = s.field(array);
        return of(a.member(), prefix + array + "[" + i + "].", base + a.offset() + i * a.member().size(), roles);
    }

    CField at(String prefix, int base) {
        return new CField(prefix + name, base + offset, size, role);
    }
}
