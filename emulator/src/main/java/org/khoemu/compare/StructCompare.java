// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Compares one structure's bytes on two sides field by field, then every byte no field covers
 * (padding, slack to the end of its page, a field the layout has moved): those must be equal,
 * or they are reported as a layout difference with their offset range.
 */
final class StructCompare {
    /** Hex shown for an unnamed range is cut at this many bytes. */
    static final int SHOW_BYTES = 16;

    private StructCompare() {
    }

    static void compare(Findings out, String structure, long aPa, byte[] a, long bPa, byte[] b, List<CField> fields) {
        compare(out, structure, aPa, a, bPa, b, fields, List.of());
    }

    /**
     * {@code regions} name the areas of the structure that the comparison does not break into
     * fields, so an unnamed differing range says where it lies ("bytes +0x70..+0x74 in acpi_rsdp_addr").
     */
    static void compare(Findings out, String structure, long aPa, byte[] a, long bPa, byte[] b, List<CField> fields,
                        List<CField> regions) {
        int len = Math.min(a.length, b.length);
        if (a.length != b.length) {
            out.add(new Finding(structure, "size", 0, 0, aPa, bPa, Integer.toString(a.length), Integer.toString(b.length),
                    Finding.Kind.DIFFERENT, "layout"));
        }
        boolean[] covered = new boolean[len];
        for (CField f : fields) {
            if (f.offset() < 0 || f.offset() + f.size() > len) {
                continue;
            }
            Arrays.fill(covered, f.offset(), f.offset() + f.size(), true);
            byte[] fa = Arrays.copyOfRange(a, f.offset(), f.offset() + f.size());
            byte[] fb = Arrays.copyOfRange(b, f.offset(), f.offset() + f.size());
            long pa = aPa + f.offset();
            long pb = bPa + f.offset();
            if (f.role() == CField.Role.PFN_FLAGS) {
                long wa = u64(fa);
                long wb = u64(fb);
                long pfnA = wa & MemfdLuoFolioSer.PFN_MASK;
                long pfnB = wb & MemfdLuoFolioSer.PFN_MASK;
                out.add(judge(out, structure, f.name() + ".pfn", f.offset(), 8, pa, pb, pfnA, pfnB,
                        pfnA < out.ramA >>> 12 && pfnB < out.ramB >>> 12));
                out.add(judge(out, structure, f.name() + ".flags", f.offset(), 8, pa, pb, wa >>> MemfdLuoFolioSer.PFN_BITS,
                        wb >>> MemfdLuoFolioSer.PFN_BITS, false));
                continue;
            }
            boolean inRam = inRam(fa, out.ramA) && inRam(fb, out.ramB);
            Finding.Kind k = Arrays.equals(fa, fb) ? Finding.Kind.EQUAL
                    : inRam && (f.role() == CField.Role.PHYS || f.role() == CField.Role.ADDRESS && !zero(fa) && !zero(fb))
                    ? Finding.Kind.ADDRESS : Finding.Kind.DIFFERENT;
            out.add(new Finding(structure, f.name(), f.offset(), f.size(), pa, pb, render(fa, f.role()), render(fb, f.role()),
                    k, k != Finding.Kind.DIFFERENT ? "" : f.role() == CField.Role.STRINGS ? "strings block" : "value"));
        }
        for (int i = 0; i < len; ) {
            if (covered[i] || a[i] == b[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < len && !covered[j] && a[j] != b[j]) {
                j++;
            }
            int from = i;
            String in = regions.stream().filter(r -> r.offset() <= from && from < r.offset() + r.size())
                    .map(r -> " in " + r.name()).findFirst().orElse("");
            out.add(new Finding(structure, String.format("bytes +0x%x..+0x%x%s", i, j, in), i, j - i, aPa + i, bPa + i,
                    hex(a, i, j), hex(b, i, j), Finding.Kind.DIFFERENT, "layout"));
            i = j;
        }
    }

    /** {@code address}: both values are page frames or addresses inside their RAM. */
    static Finding judge(Findings out, String structure, String field, long offset, int size, long aPa, long bPa, long a,
                         long b, boolean address) {
        Finding.Kind k = a == b ? Finding.Kind.EQUAL
                : address && a != 0 && b != 0 ? Finding.Kind.ADDRESS : Finding.Kind.DIFFERENT;
        return new Finding(structure, field, offset, size, aPa, bPa, "0x" + Long.toHexString(a), "0x" + Long.toHexString(b),
                k, k == Finding.Kind.DIFFERENT ? "value" : "");
    }

    /** An address field's value lies inside RAM of {@code ram} bytes (unsigned; a field of 4 bytes or 8). */
    private static boolean inRam(byte[] v, long ram) {
        long x = v.length == 8 ? u64(v) : v.length == 4 ? ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL : 0;
        return Long.compareUnsigned(x, ram) < 0;
    }

    static long u64(byte[] v) {
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static boolean zero(byte[] v) {
        for (byte x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Little-endian integers of 1, 2, 4 or 8 bytes in hex; strings quoted up to their NUL; else bytes. */
    static String render(byte[] v, CField.Role role) {
        if (role == CField.Role.STRING) {
            int n = 0;
            while (n < v.length && v[n] != 0) {
                n++;
            }
            return "\"" + new String(v, 0, n, StandardCharsets.ISO_8859_1) + "\"" + (n == v.length ? " (no NUL)" : "");
        }
        if (role == CField.Role.STRINGS) {
            return "\"" + new String(v, StandardCharsets.ISO_8859_1).replace("\0", "\\0") + "\"";
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(role == CField.Role.VALUE_BE ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        return switch (v.length) {
            case 1 -> "0x" + Integer.toHexString(v[0] & 0xff);
            case 2 -> "0x" + Integer.toHexString(b.getShort() & 0xffff);
            case 4 -> "0x" + Integer.toHexString(b.getInt());
            case 8 -> "0x" + Long.toHexString(b.getLong());
            default -> hex(v, 0, v.length);
        };
    }

    static String hex(byte[] v, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(to, from + SHOW_BYTES); i++) {
            sb.append(String.format("%02x", v[i] & 0xff));
        }
        return to - from > SHOW_BYTES ? sb + "..." : sb.toString();
    }
}
