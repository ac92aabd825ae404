// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.MemMap;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.x86.KhoData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * KHO in the incoming kernel ({@code kho_in}): {@code kho_populate} from the handed-over
 * addresses, the walk of the preserved-memory map, and the restore calls. Every byte it reads
 * came from the previous kernel through RAM and is checked before use; a bad handover turns
 * into a fresh boot with {@code "KHO: disabling KHO revival: ..."} in the log.
 */
public final class KhoIn implements KhoIncoming {
    private final PhysMem mem;
    private final KernelLog log;
    private final KhoMemMapFormat format;
    private final StepObserver steps;
    private Fdt fdt;
    private long fdtPa;
    private long memMap;
    private KhoScratchAreas scratch;
    private final List<KhoPreservedBlock> walked = new ArrayList<>();
    /** The walked blocks' starts and ends, sorted by start, for {@link #preservedRange}. */
    private long[] starts = new long[0];
    private long[] ends = new long[0];
    private MemMap memmap;
    private BuddyAllocator pages;

    private KhoIn(PhysMem mem, KernelLog log, StepObserver steps, KhoMemMapFormat format) {
        this.mem = mem;
        this.log = log;
        this.steps = steps;
        this.format = format;
    }

    /** A boot without handover data. */
    public static KhoIn none(PhysMem mem, KernelLog log, StepObserver steps, KhoMemMapFormat format) {
        return new KhoIn(mem, log, steps, format);
    }

    /** Refusal of the handover with the kernel's errno and a reason. */
    private static final class Revival extends Exception {
        final Errno errno;

        Revival(Errno errno, String reason) {
            super(reason);
            this.errno = errno;
        }

        Revival(KhoPopulateChecks.Refusal r) {
            this(r.errno(), r.reason());
        }
    }

    /**
     * {@code kho_populate}: validates the root FDT and the scratch array, adds the scratch areas
     * to memblock, reserves the array and enters scratch-only mode. Never throws for bad data.
     */
    public static KhoIn populate(PhysMem mem, Memblock mb, KernelLog log, StepObserver steps,
                                 KhoMemMapFormat format, KhoData data) {
        steps.enter("kho_populate");
        KhoIn in = new KhoIn(mem, log, steps, format);
        try {
            in.doPopulate(mb, data);
            log.printk("KHO", "found kexec handover data.");
        } catch (Revival r) {
            in.fdt = null;
            in.scratch = null;
            log.warn("KHO", new KhoPopulateChecks.Refusal(r.errno, r.getMessage()).logMessage());
        }
        return in;
    }

    private static void check(KhoPopulateChecks.Refusal r) throws Revival {
        if (r != null) {
            throw new Revival(r);
        }
    }

    private void doPopulate(Memblock mb, KhoData d) throws Revival {
        check(KhoPopulateChecks.fdt(mem.size(), d.fdtAddr(), d.fdtSize()));
        try {
            fdt = Fdt.fromBytes(mem.read(d.fdtAddr(), (int) d.fdtSize()));
        } catch (RuntimeException e) { // FdtException, or anything else the untrusted bytes provoke
            throw new Revival(Errno.EINVAL, String.format("setup: handover FDT (0x%x) is invalid: %s",
                    d.fdtAddr(), e.getMessage()));
        }
        check(KhoPopulateChecks.rootFdt(d.fdtAddr(), fdt, format));
        memMap = Fdt.rawU64(fdt.getprop(Fdt.ROOT, KhoRootFdt.PRESERVED_MEMORY_MAP_NAME));
        check(KhoPopulateChecks.scratchArray(mem.size(), d.scratchAddr(), d.scratchSize()));
        List<KhoScratch> areas = new ArrayList<>();
        for (long off = 0; off < d.scratchSize(); off += KhoScratch.SIZE) {
            KhoScratch s = KhoScratch.readFrom(mem, d.scratchAddr() + off);
            check(KhoPopulateChecks.scratchArea(mem.size(), (int) (off / KhoScratch.SIZE), s));
            areas.add(s);
        }
        for (KhoScratch s : areas) {
            if (s.size() == 0) {
                continue;
            }
            mb.add(s.addr(), s.size());
            mb.markKhoScratch(s.addr(), s.size());
        }
        mb.reserve(d.scratchAddr(), d.scratchSize());
        mb.setKhoScratchOnly();
        fdtPa = d.fdtAddr();
        scratch = KhoScratchAreas.adopt(areas, d.scratchAddr());
    }

    @Override
    public boolean isKhoBoot() {
        return fdt != null;
    }

    /** The inherited scratch areas, or null when this is not a KHO boot. */
    public KhoScratchAreas scratch() {
        return scratch;
    }

    public long fdtPa() {
        return fdtPa;
    }

    /**
     * {@code kho_memory_init} on a KHO boot: walks the map and, for every preserved block,
     * reserves it in memblock and stamps KHOP + order into its head page's private word. A
     * damaged map (or a block inside scratch) forgets the handover; nothing is reserved then.
     */
    public void walkMemoryMap(Memblock mb, MemMap mm) {
        this.memmap = mm;
        if (!isKhoBoot()) {
            return;
        }
        List<KhoPreservedBlock> blocks;
        try {
            blocks = format.walk(mem, memMap);
            for (KhoPreservedBlock b : blocks) {
                String overlap = KhoPopulateChecks.blockInScratch(scratch.areas(), b.pa(), b.order());
                if (overlap != null) {
                    throw new KhoMapException(overlap);
                }
            }
        } catch (KhoMapException e) {
            log.warn("KHO", KhoPopulateChecks.damagedMapMessage(e.getMessage()));
            fdt = null;
            return;
        }
        for (KhoPreservedBlock b : blocks) {
            mm.setPrivate(b.pa() >>> Folio.PAGE_SHIFT, KhoPageInfo.encode(b.order()));
        }
        reserveRuns(mb, blocks);
        walked.addAll(blocks);
        index(blocks);
        log.printk("KHO", String.format("%d preserved blocks reserved", blocks.size()));
    }

    /**
     * {@code memblock_reserve} + {@code memblock_reserved_mark_noinit} of every block. The kernel
     * does it block by block; memblock merges what touches, so reserving each run of touching or
     * overlapping blocks at once leaves the same regions and flags. A memblock call costs
     * O(regions) in the model, so block by block was O(blocks^2): about 0.45 ms per preserved
     * 64 KiB memfd at 819 of them.
     */
    static void reserveRuns(Memblock mb, List<KhoPreservedBlock> blocks) {
        int n = blocks.size();
        long[] pa = new long[n];
        long[] end = new long[n];
        Integer[] byPa = new Integer[n];
        for (int i = 0; i < n; i++) {
            byPa[i] = i;
            pa[i] = blocks.get(i).pa();
            end[i] = pa[i] + blocks.get(i).size();
        }
        Arrays.sort(byPa, (x, y) -> Long.compare(pa[x], pa[y]));
        for (int i = 0; i < n; ) {
            long base = pa[byPa[i]];
            long top = end[byPa[i]];
            int j = i + 1;
            while (j < n && pa[byPa[j]] <= top) {
                top = Math.max(top, end[byPa[j]]);
                j++;
            }
            mb.reserve(base, top - base);
            mb.markNoinit(base, top - base);
            i = j;
        }
    }

    /** Merges the blocks into sorted, disjoint runs for {@link #preservedRange}. */
    private void index(List<KhoPreservedBlock> blocks) {
        long[][] r = blocks.stream().map(b -> new long[] {b.pa(), b.pa() + b.size()})
                .sorted((x, y) -> Long.compare(x[0], y[0])).toArray(long[][]::new);
        List<long[]> runs = new ArrayList<>();
        for (long[] b : r) {
            if (!runs.isEmpty() && b[0] <= runs.get(runs.size() - 1)[1]) {
                long[] last = runs.get(runs.size() - 1);
                last[1] = Math.max(last[1], b[1]);
            } else {
                runs.add(b.clone());
            }
        }
        starts = runs.stream().mapToLong(x -> x[0]).toArray();
        ends = runs.stream().mapToLong(x -> x[1]).toArray();
    }

    @Override
    public boolean preservedRange(long pa, long len) {
        if (len < 0 || pa < 0 || pa + len < pa) {
            return false;
        }
        int i = Arrays.binarySearch(starts, pa);
        if (i < 0) {
            i = -i - 2; // the run starting before pa
        }
        return i >= 0 && pa + len <= ends[i];
    }

    /** The page allocator, once it is up; restores hand memory to it. */
    public void attach(BuddyAllocator buddy) {
        this.pages = buddy;
        this.memmap = buddy.memmap();
    }

    /** Every block the map described (the incoming view). */
    public List<KhoPreservedBlock> preservedBlocks() {
        return List.copyOf(walked);
    }

    /** Preserved blocks nobody restored: they stay reserved until the next reboot. */
    public List<KhoPreservedBlock> leakedBlocks() {
        List<KhoPreservedBlock> out = new ArrayList<>();
        for (KhoPreservedBlock b : walked) {
            if (b.pa() == fdtPa) {
                continue; // KHO keeps the incoming root FDT for the whole boot
            }
            if (KhoPageInfo.magic(memmap.getPrivate(b.pa() >>> Folio.PAGE_SHIFT)) == KhoPageInfo.KHO_PAGE_MAGIC) {
                out.add(b);
            }
        }
        return out;
    }

    /** Logs the leaked blocks (at info level) and returns how many there are. */
    public int reportLeaks() {
        List<KhoPreservedBlock> leaked = leakedBlocks();
        if (!leaked.isEmpty()) {
            long bytes = leaked.stream().mapToLong(KhoPreservedBlock::size).sum();
            // khoemu's note, not a kernel message: the kernel leaves such pages reserved without a
            // word. Informational, not a problem of the handover: a subtree a subsystem keeps for
            // the whole boot without restoring it (the incoming LUO FDT page) is counted here too.
            log.printk("KHO", String.format("%d preserved blocks (%d KiB) were never restored and are leaked",
                    leaked.size(), bytes >> 10));
        }
        return leaked.size();
    }

    @Override
    public long retrieveSubtree(String name) {
        steps.enter("kho_retrieve_subtree");
        if (!isKhoBoot()) {
            throw new KernelException(Errno.ENOENT, "kho_retrieve_subtree(" + name + "): not a KHO boot");
        }
        int node = fdt.subnode(Fdt.ROOT, name);
        if (node < 0) {
            throw new KernelException(Errno.ENOENT, "kho_retrieve_subtree(" + name + "): no such subtree");
        }
        byte[] v = fdt.getprop(node, format.subtreePropertyName());
        if (v == null || v.length != 8) {
            throw new KernelException(Errno.EINVAL, "kho_retrieve_subtree(" + name + "): bad '"
                    + format.subtreeProperty() + "' property");
        }
        return Fdt.rawU64(v);
    }

    /** {@code kho_restore_page}: checks magic and order on the head page and claims the block. */
    private boolean restorePage(long pa, boolean folio) {
        long pfn = pa >>> Folio.PAGE_SHIFT;
        if (pages == null || (pa & (Folio.PAGE_SIZE - 1)) != 0 || !memmap.valid(pfn)) {
            return false;
        }
        long info = memmap.getPrivate(pfn);
        int order = KhoPageInfo.order(info);
        if (KhoPageInfo.magic(info) != KhoPageInfo.KHO_PAGE_MAGIC || order < 0 || order > BuddyAllocator.MAX_PAGE_ORDER) {
            log.warn("", String.format("WARNING: kho_restore_page: 0x%x has no preserved head (private 0x%x)", pa, info));
            return false;
        }
        memmap.setPrivate(pfn, 0);
        pages.adoptReserved(pa, order, folio);
        return true;
    }

    @Override
    public Folio restoreFolio(long pa) {
        steps.enter("kho_restore_folio");
        if (!restorePage(pa, true)) {
            return null;
        }
        return new Folio(pa, memmap.order(pa >>> Folio.PAGE_SHIFT));
    }

    @Override
    public boolean restorePages(long pa, long nrPages) {
        steps.enter("kho_restore_pages");
        long pfn = pa >>> Folio.PAGE_SHIFT;
        long end = pfn + nrPages;
        while (pfn < end) {
            int order = KhoOut.blockOrder(pfn, end);
            if (!restorePage(pfn << Folio.PAGE_SHIFT, false)) {
                return false;
            }
            pfn += 1L << order;
        }
        return true;
    }

    @Override
    public void restoreFree(long pa) {
        steps.enter("kho_restore_free");
        Folio f = restoreFolio(pa);
        if (f == null) {
            log.warn("", String.format("WARNING: kho_restore_free: 0x%x could not be restored", pa));
            return;
        }
        pages.folioPut(f);
    }

    @Override
    public VmallocArea restoreVmalloc(KhoVmalloc desc) {
        steps.enter("kho_restore_vmalloc");
        int supported = KhoVmalloc.KHO_VMALLOC_ALLOC | KhoVmalloc.KHO_VMALLOC_HUGE_VMAP;
        int order = desc.order();
        long total = Integer.toUnsignedLong(desc.totalPages());
        if ((desc.flags() & ~supported) != 0 || order < 0 || order > BuddyAllocator.MAX_PAGE_ORDER) {
            return null;
        }
        long contig = 1L << order;
        List<Folio> pieces = new ArrayList<>();
        long chunk = desc.first();
        long maxChunks = total / contig / KhoVmallocChunk.KHO_VMALLOC_SIZE + 1;
        for (long n = 0; chunk != 0; n++) {
            if (n == maxChunks || (chunk & (Folio.PAGE_SIZE - 1)) != 0 || !KhoPopulateChecks.inRam(mem.size(), chunk, Folio.PAGE_SIZE)) {
                return null;
            }
            for (int i = 0; i < KhoVmallocChunk.KHO_VMALLOC_SIZE; i++) {
                long p = KhoVmallocChunk.phys(mem, chunk, i);
                if (p == 0) {
                    break;
                }
                if (pieces.size() * contig + contig > total || !restorePages(p, contig)) {
                    return null;
                }
                pieces.add(new Folio(p, order));
            }
            if (!restorePages(chunk, 1)) {
                return null;
            }
            long next = KhoVmallocChunk.next(mem, chunk);
            pages.folioPut(new Folio(chunk, 0));
            chunk = next;
        }
        if (pieces.size() * contig != total) {
            return null;
        }
        return new VmallocArea(order, pieces);
    }
}
