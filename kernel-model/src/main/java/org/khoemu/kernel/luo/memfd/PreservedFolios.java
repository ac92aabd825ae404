// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.memfd;

import org.khoemu.kernel.mm.Folio;

import java.util.Arrays;

/**
 * The folios one memfd preserve has taken, kept to undo it: one {@code long} each (the
 * page-aligned address with the order in its low bits), because a memfd of gigabytes has millions.
 */
final class PreservedFolios {
    private long[] v = new long[16];
    private int n;

    void add(Folio f) {
        if (n == v.length) {
            v = Arrays.copyOf(v, n * 2);
        }
        v[n++] = f.pa() | f.order();
    }

    long[] toArray() {
        return Arrays.copyOf(v, n);
    }

    static Folio folio(long packed) {
        return new Folio(packed & -Folio.PAGE_SIZE, (int) (packed & (Folio.PAGE_SIZE - 1)));
    }
}
