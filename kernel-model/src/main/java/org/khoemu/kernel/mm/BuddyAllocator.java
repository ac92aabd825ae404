// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The buddy page allocator: free lists per order (0..{@link #MAX_PAGE_ORDER}) and per migrate
 * type, split on allocation and merge on free. KHO scratch areas are {@code MIGRATE_CMA}
 * pageblocks: kernel allocations never come from them, so nothing preserved can be scratch.
 * Each list is ordered by address and the lowest block is taken, so the same sequence of calls
 * always yields the same addresses.
 */
public final class BuddyAllocator implements PageAllocator {
    public static final int MAX_PAGE_ORDER = 10;
    /** {@code pageblock_order} on x86-64: migrate types are per 2 MiB pageblock. */
    public static final int PAGEBLOCK_ORDER = 9;
    private static final long PAGEBLOCK_SIZE = Folio.PAGE_SIZE << PAGEBLOCK_ORDER;
    static final int MIGRATE_UNMOVABLE = 0;
    static final int MIGRATE_CMA = 1;
    private static final int MIXED = -1;

    private final PhysMem mem;
    private final MemMap memmap;
    private final AllocationLog log;
    /** Where {@code bad_page} reports go. */
    private final KernelLog klog;
    @SuppressWarnings("unchecked")
    private final TreeSet<Long>[][] free = new TreeSet[2][MAX_PAGE_ORDER + 1];
    private final List<long[]> cma = new ArrayList<>();
    /**
     * Pages a restore took over while they were in use: only a damaged preserved-memory map (a
     * block preserved over blocks also preserved) does that. The kernel keeps no such record; the
     * model does, so that what follows on those pages is the kernel's behaviour and a put of any
     * other page in the wrong state stays the model's bug.
     */
    private final Set<Long> retaken = new HashSet<>();
    private long managedPages;
    private long freePages;

    public BuddyAllocator(PhysMem mem, MemMap memmap, AllocationLog log) {
        this(mem, memmap, log, new KernelLog("mm"));
    }

    public BuddyAllocator(PhysMem mem, MemMap memmap, AllocationLog log, KernelLog klog) {
        this.mem = mem;
        this.memmap = memmap;
        this.log = log;
        this.klog = klog;
        for (TreeSet<Long>[] perType : free) {
            for (int o = 0; o <= MAX_PAGE_ORDER; o++) {
                perType[o] = new TreeSet<>();
            }
        }
    }

    public MemMap memmap() {
        return memmap;
    }

    /**
     * Declares the pageblocks touching {@code [base, base+size)} as CMA (KHO scratch), before
     * memory is freed. A migrate type belongs to a whole pageblock, so a range that is not
     * pageblock-aligned (an absolute {@code kho_scratch=} size such as 1K) widens to the
     * pageblocks it touches, as {@code kho_release_scratch} does; no page is ever partly CMA.
     */
    public void addCmaRange(long base, long size) {
        if (size <= 0) {
            return;
        }
        cma.add(new long[] {base & -PAGEBLOCK_SIZE, (base + size + PAGEBLOCK_SIZE - 1) & -PAGEBLOCK_SIZE});
    }

    public long managedPages() {
        return managedPages;
    }

    public long freePages() {
        return freePages;
    }

    /** The allocation that is to fail (0: none) and the allocations counted since it was armed. */
    private long failNth;
    private long sinceArmed;

    /**
     * Fault injection as iommufd's {@code fail_nth}: the {@code n}-th {@link #allocFolio} from now
     * fails with ENOMEM (n = 0 disarms). Counting starts again at each call.
     */
    public void failNth(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("fail_nth must be >= 0: " + n);
        }
        failNth = n;
        sinceArmed = 0;
    }

    /** Allocations asked for since {@link #failNth} was armed (the failed one included). */
    public long allocationsSinceArmed() {
        return sinceArmed;
    }

    /** True when the armed allocation was reached (and failed). */
    public boolean failNthFired() {
        return failNth > 0 && sinceArmed >= failNth;
    }

    @Override
    public Folio allocFolio(int order, boolean zero) {
        return allocFolio(order, zero, "folio_alloc");
    }

    /** {@code folio_alloc} with the caller's name recorded in the allocation log. */
    public Folio allocFolio(int order, boolean zero, String who) {
        if (order < 0 || order > MAX_PAGE_ORDER) {
            throw new KernelException(Errno.EINVAL, "folio order " + order + " out of range");
        }
        if (failNth > 0 && ++sinceArmed == failNth) {
            throw new KernelException(Errno.ENOMEM, "fail_nth: page allocation " + failNth + " (order " + order
                    + ", " + who + ") failed");
        }
        TreeSet<Long>[] lists = free[MIGRATE_UNMOVABLE];
        int o = order;
        while (o <= MAX_PAGE_ORDER && lists[o].isEmpty()) {
            o++;
        }
        if (o > MAX_PAGE_ORDER) {
            throw new KernelException(Errno.ENOMEM, "no free block of order " + order + " for " + who);
        }
        long pa = lists[o].pollFirst();
        while (o > order) {
            o--;
            lists[o].add(pa + (Folio.PAGE_SIZE << o));
        }
        freePages -= 1L << order;
        memmap.setFolio(pa >>> Folio.PAGE_SHIFT, order, true);
        if (zero) {
            mem.fill(pa, Folio.PAGE_SIZE << order, (byte) 0);
        }
        log.record("buddy", pa, Folio.PAGE_SIZE << order, who);
        return new Folio(pa, order);
    }

    @Override
    public void folioPut(Folio folio) {
        long pfn = folio.pfn();
        if (folio.order() == 0 && retaken.contains(pfn) && !memmap.isHead(pfn)) {
            putRetaken(folio);
            return;
        }
        if (!memmap.valid(pfn) || !memmap.isHead(pfn) || memmap.order(pfn) != folio.order()
                || memmap.refcount(pfn) == 0) {
            throw new IllegalStateException(String.format(
                    "BUG: bad page state: folio_put of 0x%x order %d that is not an allocated folio",
                    folio.pa(), folio.order()));
        }
        int ref = memmap.refcount(pfn) - 1;
        setRefcount(pfn, ref);
        if (ref > 0) {
            return;
        }
        if (!retaken.isEmpty()) {
            if (badTail(pfn, folio.order())) {
                return; // bad_page: the folio stays out of the allocator (leaked), its pages as they are
            }
            for (long p = pfn; p < pfn + folio.nrPages(); p++) {
                retaken.remove(p);
            }
        }
        memmap.clear(pfn, folio.nrPages());
        freePages += folio.nrPages();
        freeBlock(folio.pa(), folio.order());
    }

    private void setRefcount(long pfn, int ref) {
        memmap.setWord(pfn, (memmap.word(pfn) & ~0xffff_ffffL) | Integer.toUnsignedLong(ref));
    }

    /**
     * {@code __free_page} of an order-0 page another restore took over (see {@link #retaken}),
     * as a kernel without {@code CONFIG_DEBUG_VM} does it. A tail of the folio that took it over
     * (refcount 0) underflows and nothing is freed; the folio's free reports it ({@link #badTail}).
     * A tail restored as a page after its folio (refcount 1) drops to 0 and is freed as an order-0
     * page. A page already freed with that folio underflows too: {@code check_new_page} reports
     * it when the page is next allocated; the model reports it at once and changes nothing.
     */
    private void putRetaken(Folio page) {
        long pfn = page.pfn();
        if (!memmap.isTail(pfn)) {
            badPage(pfn, "nonzero _refcount");
            return;
        }
        int ref = memmap.refcount(pfn) - 1;
        if (ref != 0) {
            setRefcount(pfn, ref);
            return;
        }
        memmap.clear(pfn, 1); // still retaken: its folio's free must see it is no tail any more
        freePages++;
        freeBlock(page.pa(), 0);
    }

    /**
     * {@code free_pages_prepare}'s check of a compound folio's tail pages (a kernel with page
     * checks on: {@code CONFIG_DEBUG_VM}, {@code init_on_free}), where a restore over restored
     * pages can have left them: a tail with a nonzero {@code _refcount}, or a page no longer a
     * tail (freed on its own), is a {@code bad_page}, and the folio is not freed.
     */
    private boolean badTail(long head, int order) {
        for (long pfn = head + 1; pfn < head + (1L << order); pfn++) {
            if (!retaken.contains(pfn)) {
                continue;
            }
            String reason = !memmap.isTail(pfn) ? "PageTail not set"
                    : memmap.refcount(pfn) != 0 ? "nonzero _refcount" : null;
            if (reason != null) {
                badPage(pfn, reason);
                return true;
            }
        }
        return false;
    }

    /**
     * {@code bad_page} in the kernel's words, at error level; the page is left as it is. The
     * model's only user task is the one khoemu drives, hence the comm.
     */
    private void badPage(long pfn, String reason) {
        klog.err("", String.format("BUG: Bad page state in process khoemu  pfn:%05x", pfn));
        klog.err("", "page dumped because: " + reason);
    }

    /**
     * Takes over memory the page allocator did not manage (a KHO-preserved block being restored):
     * it becomes an allocated folio ({@code compound}) or {@code 2^order} order-0 pages, and is
     * freed into the allocator on the last put ({@code adjust_managed_page_count}).
     */
    public void adoptReserved(long pa, int order, boolean compound) {
        long head = pa >>> Folio.PAGE_SHIFT;
        long fresh = 0;
        for (long pfn = head; pfn < head + (1L << order); pfn++) {
            if (memmap.isHead(pfn) || memmap.isTail(pfn)) {
                retaken.add(pfn); // managed already: counted once
            } else {
                fresh++;
            }
        }
        managedPages += fresh;
        if (order == 0 && !compound && memmap.isTail(head)) {
            // kho_restore_page only sets the refcount: the page stays the other folio's tail
            setRefcount(head, 1);
            return;
        }
        memmap.setFolio(head, order, compound);
    }

    /** Frees a whole range into the allocator as maximal aligned blocks ({@code __free_pages_memory}). */
    public void freeRange(long base, long size) {
        long pfn = base >>> Folio.PAGE_SHIFT;
        long end = (base + size) >>> Folio.PAGE_SHIFT;
        while (pfn < end) {
            int order = Math.min(MAX_PAGE_ORDER, Math.min(Long.numberOfTrailingZeros(pfn | (1L << 62)),
                    63 - Long.numberOfLeadingZeros(end - pfn)));
            while (order > 0 && typeOf(pfn << Folio.PAGE_SHIFT, Folio.PAGE_SIZE << order) == MIXED) {
                order--;
            }
            managedPages += 1L << order;
            freePages += 1L << order;
            freeBlock(pfn << Folio.PAGE_SHIFT, order);
            pfn += 1L << order;
        }
    }

    private void freeBlock(long pa, int order) {
        int type = typeOf(pa, Folio.PAGE_SIZE << order);
        if (type == MIXED) {
            // cannot happen with pageblock-granular CMA ranges; never index a list with it
            throw new IllegalStateException(String.format(
                    "BUG: free block 0x%x order %d straddles a CMA pageblock boundary", pa, order));
        }
        while (order < MAX_PAGE_ORDER) {
            long size = Folio.PAGE_SIZE << order;
            long buddy = pa ^ size;
            long merged = Math.min(pa, buddy);
            if (typeOf(merged, size << 1) != type || !free[type][order].remove(buddy)) {
                break;
            }
            pa = merged;
            order++;
        }
        free[type][order].add(pa);
    }

    private int typeOf(long pa, long size) {
        boolean anyCma = false;
        boolean allCma = false;
        for (long[] r : cma) {
            if (r[0] < pa + size && pa < r[1]) {
                anyCma = true;
                allCma |= r[0] <= pa && pa + size <= r[1];
            }
        }
        if (!anyCma) {
            return MIGRATE_UNMOVABLE;
        }
        return allCma ? MIGRATE_CMA : MIXED;
    }

    /** Free blocks as {pa, order, migratetype}, ascending by address. */
    public List<long[]> freeBlocks() {
        List<long[]> out = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            for (int o = 0; o <= MAX_PAGE_ORDER; o++) {
                for (long pa : free[t][o]) {
                    out.add(new long[] {pa, o, t});
                }
            }
        }
        out.sort((a, b) -> Long.compare(a[0], b[0]));
        return out;
    }

    /**
     * Debug walk (as {@code CONFIG_DEBUG_VM} checks): free blocks aligned, disjoint, not merged
     * with a free buddy, their pages not in use; free plus in-use pages equal managed pages.
     * Throws {@link IllegalStateException} naming the first violation.
     */
    public void checkInvariants() {
        long prevEnd = -1;
        long counted = 0;
        for (long[] b : freeBlocks()) {
            long pa = b[0];
            int order = (int) b[1];
            int type = (int) b[2];
            long size = Folio.PAGE_SIZE << order;
            if ((pa & (size - 1)) != 0) {
                fail("free block 0x%x order %d is not aligned", pa, order);
            }
            if (pa < prevEnd) {
                fail("free block 0x%x order %d overlaps the previous free block", pa, order);
            }
            if (typeOf(pa, size) != type) {
                fail("free block 0x%x order %d is on the wrong migratetype list", pa, order);
            }
            long buddy = pa ^ size;
            if (order < MAX_PAGE_ORDER && free[type][order].contains(buddy)
                    && typeOf(Math.min(pa, buddy), size << 1) == type) {
                fail("free block 0x%x and its buddy 0x%x are both free at order %d", pa, buddy, order);
            }
            long pfn = pa >>> Folio.PAGE_SHIFT;
            for (long i = 0; i < (1L << order); i++) {
                if (memmap.word(pfn + i) != 0) {
                    fail("page 0x%x is both free and in use", (pfn + i) << Folio.PAGE_SHIFT, 0);
                }
            }
            prevEnd = pa + size;
            counted += 1L << order;
        }
        if (counted != freePages) {
            fail("free lists hold %d pages but the counter says %d", counted, freePages);
        }
        long used = 0;
        for (int s = 0; s < memmap.sections(); s++) {
            if (!memmap.sectionPresent(s)) {
                continue;
            }
            long base = (long) s * MemMap.PAGES_PER_SECTION;
            for (long pfn = base; pfn < base + MemMap.PAGES_PER_SECTION; pfn++) {
                if (memmap.isHead(pfn) || memmap.isTail(pfn)) {
                    used++;
                }
            }
        }
        if (used + freePages != managedPages) {
            fail("in-use %d + free %d pages != managed %d", used, freePages, managedPages);
        }
    }

    private static void fail(String fmt, long a, long b) {
        throw new IllegalStateException("buddy invariant: " + String.format(fmt, a, b));
    }

    private static void fail(String fmt, long a, long b, long c) {
        throw new IllegalStateException("buddy invariant: " + String.format(fmt, a, b, c));
    }
}
