// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.nat;

import com.sun.jna.LastErrorException;

import java.util.ArrayList;
import java.util.List;

/** The data (non-hole) ranges of a file, by SEEK_DATA/SEEK_HOLE: sparse files cost nothing to scan. */
public final class DataExtents {
    private DataExtents() {
    }

    /** Ranges {@code {start, end}} of {@code fd} below {@code size} that may hold non-zero bytes. */
    public static List<long[]> of(int fd, long size) {
        List<long[]> out = new ArrayList<>();
        long pos = 0;
        while (pos < size) {
            long start;
            try {
                start = LibC.lseek(fd, pos, LibC.SEEK_DATA);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.ENXIO) {
                    break;
                }
                throw new IllegalStateException("SEEK_DATA failed: errno " + e.getErrorCode(), e);
            }
            if (start >= size) {
                break;
            }
            long end = Math.min(LibC.lseek(fd, start, LibC.SEEK_HOLE), size);
            out.add(new long[] {start, end});
            pos = end;
        }
        return out;
    }
}
