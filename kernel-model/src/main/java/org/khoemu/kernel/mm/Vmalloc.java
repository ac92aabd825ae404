// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;

/** {@code vmalloc}/{@code vfree} over order-0 pages, and byte access through the area's pieces. */
public final class Vmalloc {
    private Vmalloc() {
    }

    /** {@code vzalloc(size)}: zeroed order-0 pieces; ENOMEM frees what was taken. */
    public static VmallocArea vzalloc(BuddyAllocator pages, long size, String who) {
        long n = (size + Folio.PAGE_SIZE - 1) / Folio.PAGE_SIZE;
        List<Folio> pieces = new ArrayList<>();
        try {
            for (long i = 0; i < n; i++) {
                pieces.add(pages.allocFolio(0, true, who));
            }
        } catch (KernelException e) {
            pieces.forEach(pages::folioPut);
            throw e;
        }
        return new VmallocArea(0, pieces);
    }

    public static void vfree(PageAllocator pages, VmallocArea area) {
        area.pieces().forEach(pages::folioPut);
    }

    public static void write64(PhysMem mem, VmallocArea area, long off, long v) {
        mem.write64(area.phys(off), v);
    }

    public static long read64(PhysMem mem, VmallocArea area, long off) {
        return mem.read64(area.phys(off));
    }
}
