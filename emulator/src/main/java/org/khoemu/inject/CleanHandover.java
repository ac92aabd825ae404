// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.emu.Machine;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.RamImage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A clean handover loaded once and put back after every fault, so a campaign does not read the
 * image from disk per fault. The clean image's non-zero pages are kept aside; after a fault
 * every page the RAM holds data in (the memfd's data extents: whatever kernel B touched) is
 * either compared with its clean copy and rewritten where it differs, or, when it was zero in
 * the clean image, returned to the host. Kernel B runs on RAM and boot_params alone, so RAM is
 * all there is to restore.
 */
final class CleanHandover implements AutoCloseable {
    private static final int PAGE = 4096;

    private final Machine machine;
    private final long bootParams;
    /** Sorted addresses of the clean image's non-zero pages, and their bytes in that order. */
    private final long[] pages;
    private final ByteBuffer bytes;
    private long restoredPages;

    CleanHandover(java.nio.file.Path image) {
        RamImage.Loaded l = RamImage.load(image);
        this.machine = l.machine();
        this.bootParams = l.sidecar().registers().get(X86Reg.RSI);
        PhysicalMemory mem = machine.mem();
        List<Long> pas = new ArrayList<>();
        for (long[] ext : mem.dataExtents()) {
            for (long pa = ext[0] & ~(PAGE - 1L); pa < ext[1]; pa += PAGE) {
                if (!mem.isZeroPage(pa)) {
                    pas.add(pa);
                }
            }
        }
        pages = pas.stream().mapToLong(Long::longValue).toArray();
        bytes = ByteBuffer.allocateDirect(pages.length * PAGE);
        for (int i = 0; i < pages.length; i++) {
            bytes.put(i * PAGE, mem.window(pages[i], PAGE), 0, PAGE);
        }
    }

    PhysicalMemory mem() {
        return machine.mem();
    }

    long bootParams() {
        return bootParams;
    }

    /** Pages rewritten or discarded by all restores so far (what kernel B and the faults changed). */
    long restoredPages() {
        return restoredPages;
    }

    /** Puts RAM back to the clean image. */
    void restore() {
        PhysicalMemory mem = machine.mem();
        for (long[] ext : mem.dataExtents()) {
            long run = -1;
            long end = (ext[1] + PAGE - 1) & ~(PAGE - 1L);
            for (long pa = ext[0] & ~(PAGE - 1L); pa <= end; pa += PAGE) {
                int i = pa < end ? Arrays.binarySearch(pages, pa) : -1;
                boolean dirtyZero = pa < end && i < 0;
                if (i >= 0) {
                    ByteBuffer w = mem.window(pa, PAGE);
                    ByteBuffer c = bytes.slice(i * PAGE, PAGE);
                    if (w.mismatch(c) >= 0) {
                        w.put(0, c, 0, PAGE);
                        restoredPages++;
                    }
                }
                if (dirtyZero && run < 0) {
                    run = pa;
                } else if (!dirtyZero && run >= 0) {
                    mem.discard(run, pa - run);
                    restoredPages += (pa - run) / PAGE;
                    run = -1;
                }
            }
        }
    }

    @Override
    public void close() {
        machine.close();
    }
}
