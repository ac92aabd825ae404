// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.PageAllocator;
import org.khoemu.kernel.port.PhysMem;

import java.util.BitSet;

/**
 * Test double of the page allocator for kernel-model unit tests: a bitmap over the pages of
 * {@code [start, end)}, first fit, naturally aligned. Catches double frees.
 */
final class FakePages implements PageAllocator {
    private final PhysMem mem;
    private final long firstPfn;
    private final int pages;
    private final BitSet used = new BitSet();

    FakePages(PhysMem mem, long start, long end) {
        this.mem = mem;
        this.firstPfn = start >>> Folio.PAGE_SHIFT;
        this.pages = (int) ((end - start) >>> Folio.PAGE_SHIFT);
    }

    PhysMem mem() {
        return mem;
    }

    /** Marks a block as in use (memory the previous kernel preserved). */
    void reserve(long pa, int order) {
        int i = (int) ((pa >>> Folio.PAGE_SHIFT) - firstPfn);
        used.set(i, i + (1 << order));
    }

    @Override
    public Folio allocFolio(int order, boolean zero) {
        int n = 1 << order;
        for (int i = (int) ((-firstPfn) & (n - 1)); i + n <= pages; i += n) {
            if (used.nextSetBit(i) >= i + n || used.nextSetBit(i) < 0) {
                used.set(i, i + n);
                Folio f = new Folio((firstPfn + i) << Folio.PAGE_SHIFT, order);
                if (zero) {
                    mem.fill(f.pa(), f.size(), (byte) 0);
                }
                return f;
            }
        }
        throw new KernelException(Errno.ENOMEM, "fake allocator exhausted");
    }

    @Override
    public void folioPut(Folio folio) {
        int i = (int) (folio.pfn() - firstPfn);
        int n = (int) folio.nrPages();
        if (i < 0 || i + n > pages || used.nextClearBit(i) < i + n) {
            throw new IllegalStateException("freeing a block that is not allocated: " + folio);
        }
        used.clear(i, i + n);
    }

    int usedPages() {
        return used.cardinality();
    }
}
