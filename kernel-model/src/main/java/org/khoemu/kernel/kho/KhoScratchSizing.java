// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

/**
 * The {@code kho_scratch=} early parameter: either a scale in percent of the kernel's memblock
 * reservations ({@code N%}, default 200) or absolute {@code lowmem,global,pernode} sizes with
 * {@code memparse} suffixes, which switch scaling off. The scale is the kernel's
 * {@code unsigned int} (0..4294967295), kept here as a non-negative long.
 */
public record KhoScratchSizing(long scalePercent, long lowmem, long global, long pernode) {
    public static final KhoScratchSizing DEFAULT = new KhoScratchSizing(200, 0, 0, 0);

    /** Parses the parameter value; IllegalArgumentException with the reason when malformed. */
    public static KhoScratchSizing parse(String p) {
        if (p == null || p.isEmpty()) {
            throw new IllegalArgumentException("empty kho_scratch=");
        }
        if (p.endsWith("%")) {
            String digits = p.substring(0, p.length() - 1);
            if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad scale '" + p + "'");
            }
            long v = Long.parseLong(digits);
            if (v > 0xffff_ffffL) {
                throw new IllegalArgumentException("scale out of range '" + p + "'");
            }
            return new KhoScratchSizing(v, 0, 0, 0);
        }
        String[] parts = p.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("need lowmem,global,pernode: '" + p + "'");
        }
        long[] s = new long[3];
        for (int i = 0; i < 3; i++) {
            s[i] = memparse(parts[i]);
        }
        if (s[0] + s[1] + s[2] == 0) {
            throw new IllegalArgumentException("all scratch sizes are zero");
        }
        return new KhoScratchSizing(0, s[0], s[1], s[2]);
    }

    /** {@code memparse}: a C integer (decimal, 0x hex, 0 octal) with an optional K/M/G/T/P/E suffix. */
    public static long memparse(String s) {
        int i = 0;
        int base = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            base = 16;
            i = 2;
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            base = 8;
            i = 1;
        }
        int start = i;
        while (i < s.length() && Character.digit(s.charAt(i), base) >= 0) {
            i++;
        }
        if (i == start && base != 8) {
            throw new IllegalArgumentException("not a size: '" + s + "'");
        }
        long v = i == start ? 0 : Long.parseUnsignedLong(s.substring(start, i), base);
        if (i < s.length()) {
            int shift = switch (Character.toUpperCase(s.charAt(i))) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                case 'P' -> 50;
                case 'E' -> 60;
                default -> throw new IllegalArgumentException("bad size suffix in '" + s + "'");
            };
            v <<= shift;
            i++;
        }
        if (i != s.length()) {
            throw new IllegalArgumentException("trailing characters in '" + s + "'");
        }
        return v;
    }
}
