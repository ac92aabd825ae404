// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.MemMap;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;

/**
 * KHO in the outgoing direction ({@code kho_out}): preservation tracking, the root FDT with its
 * sub-blob children, and {@code kho_finalize}. With KHO disabled (KHO off, or scratch could not
 * be reserved) the preserve/unpreserve calls still track memory, as the kernel's do (nothing
 * will carry it over); {@code kho_finalize} fails with EOPNOTSUPP and the root-FDT calls with
 * EINVAL.
 */
public final class KhoOut implements KhoOutgoing {
    private final PhysMem mem;
    private final BuddyAllocator pages;
    private final KhoScratchAreas scratch;
    private final KhoGeneration gen;
    private final KernelLog log;
    private final StepObserver steps;
    private final KhoMemTrack track;
    /** kho-v2+: the map in RAM that every preserve updates; null for kho-v1 (built at finalize). */
    private KhoLiveMap live;
    private KhoRootFdt root;
    private boolean finalized;

    public KhoOut(PhysMem mem, BuddyAllocator pages, KhoScratchAreas scratch, KhoGeneration gen,
                  KernelLog log, StepObserver steps) {
        this.mem = mem;
        this.pages = pages;
        this.scratch = scratch;
        this.gen = gen;
        this.log = log;
        this.steps = steps;
        // With a live map the tracker is only the model's index of what is preserved: its bitmaps
        // own no RAM page (the kernel keeps no second copy), so they cost no allocation.
        boolean liveMap = gen != null && gen.memMap().isLive();
        this.track = new KhoMemTrack(liveMap ? () -> 0L : () -> newTrackingPage("kho_preserve"));
    }

    /** KHO switched off for this boot. */
    public static KhoOut disabled(PhysMem mem, BuddyAllocator pages, KernelLog log, StepObserver steps) {
        return new KhoOut(mem, pages, null, null, log, steps);
    }

    public boolean isEnabled() {
        return scratch != null;
    }

    private void requireEnabled(String op) {
        if (!isEnabled()) {
            throw new KernelException(Errno.EINVAL, op + ": kexec handover is disabled");
        }
    }

    private boolean overlapsScratch(long pa, long len) {
        return scratch != null && scratch.overlaps(pa, len);
    }

    private long newTrackingPage(String who) {
        long pa = pages.allocFolio(0, true, who).pa();
        if (overlapsScratch(pa, Folio.PAGE_SIZE)) {
            pages.folioPut(new Folio(pa, 0));
            throw warn(Errno.EINVAL, String.format("tracking page 0x%x is in scratch", pa));
        }
        return pa;
    }

    private KernelException warn(Errno errno, String msg) {
        log.warn("", "WARNING: kexec_handover: " + msg);
        return new KernelException(errno, msg);
    }

    /**
     * {@code kho_init}: allocates and preserves the root FDT page and writes the empty tree. From
     * kho-v2 on the radix root comes first (preserving the FDT page already goes through the
     * tree) and the FDT points at it from the start.
     */
    public void init() {
        requireEnabled("kho_init");
        steps.enter("kho_init");
        live = gen.memMap().newLive(mem, () -> newTrackingPage("kho_radix_node"));
        long pa = allocPreserve(Folio.PAGE_SIZE);
        root = new KhoRootFdt(mem, pa, gen);
        root.setup(live == null ? 0 : live.root());
    }

    public KhoScratchAreas scratch() {
        return scratch;
    }

    /** The KHO generation this kernel writes; null when KHO is disabled. */
    public KhoGeneration generation() {
        return gen;
    }

    public KhoMemTrack track() {
        return track;
    }

    /** Physical address of the root FDT page ({@code image->kho.fdt}). */
    public long rootFdtPa() {
        requireEnabled("kho_fdt");
        return root.pa();
    }

    public KhoRootFdt rootFdt() {
        return root;
    }

    public boolean isFinalized() {
        return finalized;
    }

    private void checkScratch(long pa, long len) {
        if (overlapsScratch(pa, len)) {
            throw warn(Errno.EINVAL, String.format("preserving 0x%x+0x%x overlaps a scratch area", pa, len));
        }
    }

    @Override
    public void preserveFolio(Folio folio) {
        steps.enter("kho_preserve_folio");
        checkScratch(folio.pa(), folio.size());
        mark(folio.pfn(), folio.order());
    }

    /** {@code __kho_preserve_order}: the live map first, since only it can fail (ENOMEM). */
    private void mark(long pfn, int order) {
        if (live != null) {
            live.preserve(pfn, order);
        }
        track.preserve(pfn, order);
    }

    private boolean unmark(long pfn, int order) {
        if (live != null) {
            live.unpreserve(pfn, order);
        }
        return track.unpreserve(pfn, order);
    }

    @Override
    public void unpreserveFolio(Folio folio) {
        steps.enter("kho_unpreserve_folio");
        if (!unmark(folio.pfn(), folio.order())) {
            log.warn("", String.format("WARNING: kho_unpreserve_folio: 0x%x order %d was never preserved",
                    folio.pa(), folio.order()));
        }
    }

    /** The greedy split {@code min(ctz(pfn), ilog2(remaining))} used by the pages calls. */
    public static int blockOrder(long pfn, long endPfn) {
        int ctz = Long.numberOfTrailingZeros(pfn | (1L << 62));
        return Math.min(ctz, 63 - Long.numberOfLeadingZeros(endPfn - pfn));
    }

    @Override
    public void preservePages(long pa, long nrPages) {
        steps.enter("kho_preserve_pages");
        checkScratch(pa, nrPages * Folio.PAGE_SIZE);
        long start = pa >>> Folio.PAGE_SHIFT;
        long end = start + nrPages;
        long pfn = start;
        try {
            while (pfn < end) {
                int order = blockOrder(pfn, end);
                mark(pfn, order);
                pfn += 1L << order;
            }
        } catch (KernelException e) {
            unpreserveRange(start, pfn);
            throw e;
        }
    }

    private void unpreserveRange(long pfn, long end) {
        while (pfn < end) {
            int order = blockOrder(pfn, end);
            unmark(pfn, order);
            pfn += 1L << order;
        }
    }

    @Override
    public void unpreservePages(long pa, long nrPages) {
        steps.enter("kho_unpreserve_pages");
        long start = pa >>> Folio.PAGE_SHIFT;
        unpreserveRange(start, start + nrPages);
    }

    /** {@code get_order}: smallest order whose pages hold {@code size} bytes. */
    public static int getOrder(long size) {
        long pagesNeeded = (size - 1) >>> Folio.PAGE_SHIFT;
        return 64 - Long.numberOfLeadingZeros(pagesNeeded);
    }

    @Override
    public long allocPreserve(long size) {
        steps.enter("kho_alloc_preserve");
        if (size <= 0) {
            throw new KernelException(Errno.EINVAL, "kho_alloc_preserve: size " + size);
        }
        int order = getOrder(size);
        if (order > BuddyAllocator.MAX_PAGE_ORDER) {
            throw new KernelException(Errno.E2BIG, "kho_alloc_preserve: order " + order + " for " + size + " bytes");
        }
        Folio f = pages.allocFolio(order, true, "kho_alloc_preserve");
        try {
            preserveFolio(f);
        } catch (KernelException e) {
            pages.folioPut(f);
            throw e;
        }
        return f.pa();
    }

    @Override
    public void unpreserveFree(long pa) {
        steps.enter("kho_unpreserve_free");
        Folio f = folioAt(pa);
        unpreserveFolio(f);
        pages.folioPut(f);
    }

    private Folio folioAt(long pa) {
        MemMap mm = pages.memmap();
        long pfn = pa >>> Folio.PAGE_SHIFT;
        if ((pa & (Folio.PAGE_SIZE - 1)) != 0 || !mm.valid(pfn) || !mm.isHead(pfn)) {
            throw new KernelException(Errno.EINVAL, String.format("0x%x is not the head of an allocated folio", pa));
        }
        return new Folio(pa, mm.order(pfn));
    }

    @Override
    public KhoVmalloc preserveVmalloc(VmallocArea area) {
        steps.enter("kho_preserve_vmalloc");
        long first = newVmallocChunk(0);
        long chunk = first;
        int idx = 0;
        KhoVmalloc desc = new KhoVmalloc(first, 0, KhoVmalloc.KHO_VMALLOC_ALLOC, (short) area.order());
        try {
            for (Folio piece : area.pieces()) {
                preservePages(piece.pa(), 1L << area.order());
                KhoVmallocChunk.setPhys(mem, chunk, idx++, piece.pa());
                if (idx == KhoVmallocChunk.KHO_VMALLOC_SIZE) {
                    chunk = newVmallocChunk(chunk);
                    idx = 0;
                }
            }
        } catch (KernelException e) {
            unpreserveVmalloc(desc);
            throw e;
        }
        int total = (int) (area.pieces().size() * (1L << area.order()));
        return new KhoVmalloc(first, total, KhoVmalloc.KHO_VMALLOC_ALLOC, (short) area.order());
    }

    private long newVmallocChunk(long prev) {
        Folio f = pages.allocFolio(0, true, "kho_preserve_vmalloc");
        try {
            preservePages(f.pa(), 1);
        } catch (KernelException e) {
            pages.folioPut(f);
            throw e;
        }
        if (prev != 0) {
            KhoVmallocChunk.setNext(mem, prev, f.pa());
        }
        return f.pa();
    }

    @Override
    public void unpreserveVmalloc(KhoVmalloc desc) {
        steps.enter("kho_unpreserve_vmalloc");
        long chunk = desc.first();
        long pieceNr = 1L << desc.order();
        while (chunk != 0) {
            unpreservePages(chunk, 1);
            for (int i = 0; i < KhoVmallocChunk.KHO_VMALLOC_SIZE; i++) {
                long p = KhoVmallocChunk.phys(mem, chunk, i);
                if (p == 0) {
                    break;
                }
                unpreservePages(p, pieceNr);
            }
            long next = KhoVmallocChunk.next(mem, chunk);
            pages.folioPut(new Folio(chunk, 0));
            chunk = next;
        }
    }

    /**
     * {@code kho_add_subtree} of an FDT: EEXIST for a taken name, ENOMEM when the root page is
     * full. From kho-v3 on the kernel's callers pass {@code fdt_totalsize(fdt)} as the size, so
     * this records the FDT header's {@code totalsize} as {@code blob-size}.
     */
    @Override
    public void addSubtree(String name, long fdtPa) {
        requireEnabled("kho_add_subtree");
        steps.enter("kho_add_subtree");
        if (gen.hasBlobSize()) {
            root.addChild(name, fdtPa, fdtTotalSize(fdtPa));
        } else {
            root.addChild(name, fdtPa);
        }
    }

    /** The big-endian {@code totalsize} of the FDT header at {@code fdtPa} (the caller's own FDT). */
    private long fdtTotalSize(long fdtPa) {
        return Integer.toUnsignedLong(Integer.reverseBytes(mem.read32(fdtPa + 4)));
    }

    /**
     * {@code kho_add_subtree(name, blob, size)} (kho-v3+): a raw blob of {@code size} bytes,
     * recorded as {@code preserved-data} + {@code blob-size}. EINVAL on kho-v1/v2, whose
     * children have no size (their blobs are FDTs).
     */
    @Override
    public void addSubtree(String name, long pa, long size) {
        requireEnabled("kho_add_subtree");
        steps.enter("kho_add_subtree");
        if (!gen.hasBlobSize()) {
            throw new KernelException(Errno.EINVAL, "kho_add_subtree(" + name + "): " + gen
                    + " records no blob size (raw blobs need kho-v3 or later)");
        }
        root.addChild(name, pa, size);
    }

    @Override
    public void removeSubtree(long fdtPa) {
        requireEnabled("kho_remove_subtree");
        steps.enter("kho_remove_subtree");
        root.removeChild(fdtPa);
    }

    @Override
    public void finalizeKho() {
        steps.enter("kho_finalize");
        if (!isEnabled()) {
            throw new KernelException(Errno.EOPNOTSUPP, "kho_finalize: kexec handover is disabled");
        }
        if (live != null) {
            // kho-v2+ has no finalize: the tree was complete after every preserve
            finalized = true;
            return;
        }
        long map = gen.memMap().serialize(track, mem, pages);
        long old = root.memMap();
        if (old != 0) {
            gen.memMap().free(old, mem, pages);
        }
        root.setMemMap(map);
        finalized = true;
        log.printk("KHO", String.format("finalized: %d preserved blocks, memory map at 0x%x",
                track.count(), map));
    }

    /** Every block currently marked preserved (by order, then address). */
    public List<KhoPreservedBlock> preserved() {
        return new ArrayList<>(track.blocks());
    }
}
