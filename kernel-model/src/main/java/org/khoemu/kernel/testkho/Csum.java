// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.testkho;

import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * A {@code __wsum} as {@code csum_partial} keeps it: a 32-bit one's-complement running sum, here
 * over little-endian 32-bit words (the lengths summed are whole pages).
 */
final class Csum {
    private Csum() {
    }

    static int partial(PhysMem mem, long pa, long len, int csum) {
        long sum = Integer.toUnsignedLong(csum);
        for (long off = 0; off < len; off += 4096) {
            ByteBuffer w = mem.window(pa + off, 4096);
            for (int i = 0; i < 4096; i += 4) {
                sum += Integer.toUnsignedLong(w.getInt(i));
            }
            sum = (sum & 0xffff_ffffL) + (sum >>> 32);
        }
        sum = (sum & 0xffff_ffffL) + (sum >>> 32);
        return (int) sum;
    }
}
