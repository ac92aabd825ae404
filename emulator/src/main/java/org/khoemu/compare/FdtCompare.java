// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;


import org.khoemu.fdt.FdtHeader;
import org.khoemu.inspect.FdtBlob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Two FDTs compared as trees and as bytes: node order, each node's property names in order
 * (same names in another order is a "property order" difference), then, when both blobs have
 * the same token stream, every byte of the space the handover gives the blob: header words, the
 * strings block, each property value (those that hold a physical address are address-only when
 * they differ), and everything else, the slack after {@code totalsize} included.
 */
final class FdtCompare {
    static final List<CField> HEADER = List.of(
            new CField("header.magic", FdtHeader.OFF_MAGIC, 4, CField.Role.VALUE_BE),
            new CField("header.totalsize", FdtHeader.OFF_TOTALSIZE, 4, CField.Role.VALUE_BE),
            new CField("header.off_dt_struct", FdtHeader.OFF_OFF_DT_STRUCT, 4, CField.Role.VALUE_BE),
            new CField("header.off_dt_strings", FdtHeader.OFF_OFF_DT_STRINGS, 4, CField.Role.VALUE_BE),
            new CField("header.off_mem_rsvmap", FdtHeader.OFF_OFF_MEM_RSVMAP, 4, CField.Role.VALUE_BE),
            new CField("header.version", FdtHeader.OFF_VERSION, 4, CField.Role.VALUE_BE),
            new CField("header.last_comp_version", FdtHeader.OFF_LAST_COMP_VERSION, 4, CField.Role.VALUE_BE),
            new CField("header.boot_cpuid_phys", FdtHeader.OFF_BOOT_CPUID_PHYS, 4, CField.Role.VALUE_BE),
            new CField("header.size_dt_strings", FdtHeader.OFF_SIZE_DT_STRINGS, 4, CField.Role.VALUE_BE),
            new CField("header.size_dt_struct", FdtHeader.OFF_SIZE_DT_STRUCT, 4, CField.Role.VALUE_BE));

    private FdtCompare() {
    }

    /** {@code pageA}/{@code pageB}: the bytes the handover reserves for each blob, from its start. */
    static void compare(Findings out, String structure, FdtBlob a, byte[] pageA, FdtBlob b, byte[] pageB,
                        Set<String> pointerProps) {
        FdtTokens ta = FdtTokens.of(a);
        FdtTokens tb = FdtTokens.of(b);
        List<String> na = ta.nodes();
        List<String> nb = tb.nodes();
        if (!na.equals(nb)) {
            if (new HashSet<>(na).equals(new HashSet<>(nb))) {
                out.add(new Finding(structure, "nodes", 0, 0, a.pa(), b.pa(), na.toString(), nb.toString(),
                        Finding.Kind.DIFFERENT, "order"));
            }
            na.stream().filter(n -> !nb.contains(n))
                    .forEach(n -> out.missing(structure, "node " + n, a.pa(), b.pa(), "present", "absent"));
            nb.stream().filter(n -> !na.contains(n))
                    .forEach(n -> out.missing(structure, "node " + n, a.pa(), b.pa(), "absent", "present"));
        }
        boolean aligned = ta.tokens().size() == tb.tokens().size();
        for (int i = 0; aligned && i < ta.tokens().size(); i++) {
            FdtTokens.Token x = ta.tokens().get(i);
            FdtTokens.Token y = tb.tokens().get(i);
            aligned = x.tag() == y.tag() && x.path().equals(y.path()) && x.name().equals(y.name())
                    && x.offset() == y.offset() && x.length() == y.length();
        }
        List<CField> fields = new ArrayList<>(HEADER);
        FdtHeader ha = FdtHeader.readFrom(a.bytes());
        FdtHeader hb = FdtHeader.readFrom(b.bytes());
        for (String n : na) {
            if (!nb.contains(n)) {
                continue;
            }
            List<FdtTokens.Token> pa = ta.properties(n);
            List<FdtTokens.Token> pb = tb.properties(n);
            List<String> names = pa.stream().map(FdtTokens.Token::name).toList();
            List<String> namesB = pb.stream().map(FdtTokens.Token::name).toList();
            if (!names.equals(namesB)) {
                boolean sameSet = new HashSet<>(names).equals(new HashSet<>(namesB));
                if (sameSet) {
                    out.add(new Finding(structure, n + " properties", 0, 0, a.pa(), b.pa(), names.toString(),
                            namesB.toString(), Finding.Kind.DIFFERENT, "property order"));
                }
                names.stream().filter(p -> !namesB.contains(p)).forEach(p -> out.missing(structure, n + " " + p, a.pa(),
                        b.pa(), "present", "absent"));
                namesB.stream().filter(p -> !names.contains(p)).forEach(p -> out.missing(structure, n + " " + p, a.pa(),
                        b.pa(), "absent", "present"));
            }
            for (FdtTokens.Token p : pa) {
                String field = n + " " + p.name();
                CField.Role role = pointerProps.contains(p.name()) && p.length() == 8 ? CField.Role.ADDRESS
                        : p.name().equals("compatible") ? CField.Role.STRING : CField.Role.VALUE;
                if (aligned) {
                    fields.add(new CField(field, p.valueOffset(), p.length(), role));
                    continue;
                }
                FdtTokens.Token q = pb.stream().filter(t -> t.name().equals(p.name())).findFirst().orElse(null);
                if (q != null) {
                    byte[] va = Arrays.copyOfRange(a.bytes(), p.valueOffset(), p.valueOffset() + p.length());
                    byte[] vb = Arrays.copyOfRange(b.bytes(), q.valueOffset(), q.valueOffset() + q.length());
                    StructCompare.compare(out, structure, a.pa() + p.valueOffset(), va, b.pa() + q.valueOffset(), vb,
                            List.of(new CField(field, 0, Math.min(va.length, vb.length), role)));
                }
            }
        }
        int sa = ha.offDtStrings();
        int sb = hb.offDtStrings();
        if (aligned && sa == sb && ha.sizeDtStrings() == hb.sizeDtStrings()) {
            fields.add(new CField("strings block", sa, ha.sizeDtStrings(), CField.Role.STRINGS));
            StructCompare.compare(out, structure, a.pa(), pageA, b.pa(), pageB, fields);
            return;
        }
        // the token streams differ: the header and the strings blocks are compared, the rest was compared as a tree
        StructCompare.compare(out, structure, a.pa(), Arrays.copyOf(pageA, FdtHeader.SIZE), b.pa(),
                Arrays.copyOf(pageB, FdtHeader.SIZE), HEADER);
        byte[] strA = Arrays.copyOfRange(a.bytes(), sa, sa + ha.sizeDtStrings());
        byte[] strB = Arrays.copyOfRange(b.bytes(), sb, sb + hb.sizeDtStrings());
        if (!Arrays.equals(strA, strB)) {
            out.add(new Finding(structure, "strings block", sa, strA.length, a.pa() + sa, b.pa() + sb,
                    StructCompare.render(strA, CField.Role.STRINGS), StructCompare.render(strB, CField.Role.STRINGS),
                    Finding.Kind.DIFFERENT, "strings block"));
        }
    }

}
