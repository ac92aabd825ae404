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
}
