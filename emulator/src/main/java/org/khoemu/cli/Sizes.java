// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import java.util.Locale;

/**
 * Byte sizes as a user types them: {@code 4096}, {@code 64K}, {@code 64M}, {@code 1G},
 * {@code 2GiB}. Suffixes are binary (K = 1024), case-insensitive, optionally followed by
 * {@code B} or {@code iB}.
 */
public final class Sizes {
    private Sizes() {
    }

    /** The size in bytes, or {@code IllegalArgumentException} with a short reason. */
    public static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.endsWith("IB")) {
            upper = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("B") && upper.length() > 1 && !Character.isDigit(upper.charAt(upper.length() - 2))) {
            upper = upper.substring(0, upper.length() - 1);
        }
        int shift = 0;
        char last = upper.charAt(upper.length() - 1);
        if (!Character.isDigit(last)) {
            shift = switch (last) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> throw new IllegalArgumentException("unknown unit '" + last + "'");
            };
            upper = upper.substring(0, upper.length() - 1);
        }
        if (upper.isEmpty() || !upper.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a number");
        }
        long n;
        try {
            n = Long.parseLong(upper);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large");
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("too large");
        }
        return n << shift;
    }
}
