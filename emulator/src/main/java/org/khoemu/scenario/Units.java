// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

/** Byte counts for people. */
public final class Units {
    private Units() {
    }

    /** A short human form: {@code 1 GiB}, {@code 64 KiB}, {@code 4100 B}. */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v != 0 && (v & 1023) == 0) {
            v >>= 10;
            u++;
        }
        return v + " " + units[u];
    }

    /**
     * A limit for people: the largest unit with one decimal, rounded down so that the figure
     * said is never more than the limit ({@code 467.5 MiB}, {@code 1 GiB}).
     */
    public static String roundedDown(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (u < units.length - 1 && bytes >>> (10 * (u + 1)) != 0) {
            u++;
        }
        if (u == 0) {
            return bytes + " B";
        }
        long tenths = java.math.BigInteger.valueOf(bytes).multiply(java.math.BigInteger.TEN)
                .shiftRight(10 * u).longValue();
        return (tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10) + " " + units[u];
    }
}
