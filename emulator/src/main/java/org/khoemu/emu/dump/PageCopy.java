// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.kernel.port.PhysMem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Copies a file range into RAM one page at a time, skipping pages that are all zero, so a dump
 * of a mostly idle guest commits host memory only where the guest had data.
 */
final class PageCopy {
    static final int PAGE = 4096;

    private PageCopy() {
    }

    /**
     * Copies {@code len} bytes at file offset {@code off} to physical address {@code pa} (both
     * page aligned; a tail shorter than a page is copied as it is). Returns the non-zero pages.
     */
    static long copy(FileChannel ch, long off, long pa, long len, PhysMem mem, String where) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pages = 0;
        try {
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(buf.capacity(), len - done);
                buf.clear().limit(n);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, off + done + buf.position()) < 0) {
                        throw new DumpException(where + ": ends early at file offset 0x"
                                + Long.toHexString(off + done + buf.position()));
                    }
                }
                byte[] a = buf.array();
                for (int p = 0; p < n; p += PAGE) {
                    int m = Math.min(PAGE, n - p);
                    if (!isZero(a, p, m)) {
                        mem.write(pa + done + p, a, p, m);
                        pages++;
                    }
                }
                done += n;
            }
        } catch (IOException e) {
            throw new DumpException(where + ": cannot read: " + e.getMessage());
        }
        return pages;
    }

    static boolean isZero(byte[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
