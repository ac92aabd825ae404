// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.abi;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code __packed} struct of the handover ABI: its fields in order, each placed right after
 * the previous one, so the table states sizes and order and the offsets follow (they are checked
 * against gcc's {@code offsetof} on a C header written separately). {@code versionedBy} names the
 * string constant of the layout (a compatible) that must change whenever this struct does.
 */
public final class AbiStruct {
    private final String name;
    private final String meaning;
    private final String versionedBy;
    private final List<AbiField> fields;
    private final int size;

    private AbiStruct(String name, String meaning, String versionedBy, List<AbiField> fields, int size) {
        this.name = name;
        this.meaning = meaning;
        this.versionedBy = versionedBy;
        this.fields = List.copyOf(fields);
        this.size = size;
    }

    /** A packed struct {@code struct name}; {@code versionedBy} is a string constant's name. */
    public static Builder packed(String name, String versionedBy, String meaning) {
        return new Builder(name, versionedBy, meaning);
    }

    public String name() {
        return name;
    }

    public String meaning() {
        return meaning;
    }

    public String versionedBy() {
        return versionedBy;
    }

    public List<AbiField> fields() {
        return fields;
    }

    /** {@code sizeof(struct name)}. */
    public int size() {
        return size;
    }

    /**
     * The field called {@code path}; a dotted path ({@code "file_set_ser.files"},
     * {@code "bitmaps.bitmap"}) walks into an embedded struct or an array's first element.
     */
    public AbiField field(String path) {
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        for (AbiField f : fields) {
            if (f.name().equals(head)) {
                if (dot < 0) {
                    return f;
                }
                if (f.member() == null) {
                    break;
                }
                AbiField inner = f.member().field(path.substring(dot + 1));
                return new AbiField(path, f.offset() + inner.offset(), inner.size(), inner.type(), inner.meaning(),
                        inner.member());
            }
        }
        throw new IllegalArgumentException("struct " + name + " has no field " + path);
    }

    public boolean has(String path) {
        try {
            field(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Offset of the field called {@code leaf}, directly or inside an embedded struct
     * ({@code "files"} finds {@code file_set_ser.files}), or -1 when the struct has none.
     */
    public int leafOffset(String leaf) {
        for (AbiField f : flatFields()) {
            if (f.name().equals(leaf) || f.name().endsWith("." + leaf)) {
                return f.offset();
            }
        }
        return -1;
    }

    public int offset(String path) {
        return field(path).offset();
    }

    public int sizeOf(String path) {
        return field(path).size();
    }

    /** Fields in order, embedded structs opened up with dotted names (array elements are not). */
    public List<AbiField> flatFields() {
        List<AbiField> out = new ArrayList<>();
        for (AbiField f : fields) {
            if (f.member() != null && !f.type().endsWith("]")) {
                for (AbiField inner : f.member().flatFields()) {
                    out.add(field(f.name() + "." + inner.name()));
                }
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Appends fields in declaration order, each right after the previous one ({@code __packed}). */
    public static final class Builder {
        private final String name;
        private final String versionedBy;
        private final String meaning;
        private final List<AbiField> fields = new ArrayList<>();
        private int next;

        private Builder(String name, String versionedBy, String meaning) {
            this.name = name;
            this.versionedBy = versionedBy;
            this.meaning = meaning;
        }

        private Builder add(String field, int size, String type, String meaning, AbiStruct member) {
            fields.add(new AbiField(field, next, size, type, meaning, member));
            next += size;
            return this;
        }

        public Builder u64(String field, String meaning) {
            return add(field, 8, "u64", meaning, null);
        }

        public Builder u32(String field, String meaning) {
            return add(field, 4, "u32", meaning, null);
        }

        public Builder s32(String field, String meaning) {
            return add(field, 4, "s32", meaning, null);
        }

        public Builder u16(String field, String meaning) {
            return add(field, 2, "u16", meaning, null);
        }

        /** {@code char field[length]}. */
        public Builder chars(String field, int length, String meaning) {
            return add(field, length, "char[" + length + "]", meaning, null);
        }

        /** An embedded {@code struct member.name() field}. */
        public Builder embed(String field, AbiStruct member, String meaning) {
            return add(field, member.size(), "struct " + member.name(), meaning, member);
        }

        /** {@code struct element.name() field[count]}. */
        public Builder array(String field, AbiStruct element, int count, String meaning) {
            return add(field, element.size() * count, "struct " + element.name() + "[" + count + "]", meaning, element);
        }

        public AbiStruct build() {
            return new AbiStruct(name, meaning, versionedBy, fields, next);
        }
    }
}
