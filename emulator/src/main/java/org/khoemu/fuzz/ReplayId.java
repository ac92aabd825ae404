// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

/**
 * What replays one lifecycle sequence exactly: its own seed and how many operations ran before
 * the final drain. Printed and parsed as {@code SEED:LENGTH}, the seed in hex.
 */
public record ReplayId(long seed, int length) {
    @Override
    public String toString() {
        return String.format("%016x:%d", seed, length);
    }

    /** IllegalArgumentException with the reason for anything but {@code HEX:DECIMAL}. */
    public static ReplayId parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + s + "' is not SEED:LENGTH (e.g. 00c0ffee00c0ffee:17)");
        }
        try {
            long seed = Long.parseUnsignedLong(s.substring(0, colon), 16);
            int length = Integer.parseInt(s.substring(colon + 1));
            if (length < 0) {
                throw new NumberFormatException("negative");
            }
            return new ReplayId(seed, length);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not SEED:LENGTH (hex seed, decimal length)");
        }
    }
}
