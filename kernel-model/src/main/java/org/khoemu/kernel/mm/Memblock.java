// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;

/**
 * The boot-time memory allocator ({@code mm/memblock.c}): the {@code memory} and {@code reserved}
 * region lists, top-down allocation, and KHO's scratch-only mode in which every allocation must
 * come from a region marked {@link MemblockRegion#MEMBLOCK_KHO_SCRATCH}.
 */
public final class Memblock {
    /** {@code MEMBLOCK_ALLOC_ANYWHERE}: no upper limit. */
    public static final long ALLOC_ANYWHERE = Long.MAX_VALUE;
    /** x86-64 {@code ARCH_LOW_ADDRESS_LIMIT}: the lowmem scratch area lies below 4 GiB. */
    public static final long ARCH_LOW_ADDRESS_LIMIT = 1L << 32;

    private final MemblockType memory = new MemblockType("memory");
    private final MemblockType reserved = new MemblockType("reserved");
    private final PhysMem mem;
    private final AllocationLog log;
    private boolean scratchOnly;
    private boolean handedOver;

    public Memblock(PhysMem mem, AllocationLog log) {
        this.mem = mem;
        this.log = log;
    }

    /**
     * Adds every E820 RAM entry that is backed by this machine's RAM (as e820__memblock_setup).
     * The entries are untrusted u64s (a kexec'd kernel reads them from boot_params): an entry
     * whose end wraps past 2^64 is dropped, and RAM at or above the end of this machine's memory
     * (which lies below {@code MAX_PHYSMEM_BITS}) is cut off, as {@code e820__end_of_ram_pfn}
     * caps {@code max_pfn} and nothing above it reaches the page allocator.
     */
    public void addFromFirmwareMap(List<E820Entry> map) {
        for (E820Entry e : map) {
            long end = e.end();
            if (!e.isRam() || e.size() == 0 || Long.compareUnsigned(end, e.addr()) < 0
                    || Long.compareUnsigned(e.addr(), mem.size()) >= 0) {
                continue;
            }
            if (Long.compareUnsigned(end, mem.size()) > 0) {
                end = mem.size();
            }
            long base = alignUp(e.addr(), Folio.PAGE_SIZE);
            end = end & ~(Folio.PAGE_SIZE - 1);
            if (end > base) {
                add(base, end - base);
            }
        }
    }

    public MemblockType memory() {
        return memory;
    }

    public MemblockType reserved() {
        return reserved;
    }

    public void add(long base, long size) {
        memory.add(base, size, MemblockRegion.MEMBLOCK_NONE);
    }

    /** {@code memblock_reserve}: a firmware or platform range nobody may allocate. */
    public void reserve(long base, long size) {
        reserved.add(base, size, MemblockRegion.MEMBLOCK_NONE);
    }

    /** {@code memblock_reserve_kern}: reserved for the kernel (image, memmap); counts for scratch sizing. */
    public void reserveKern(long base, long size) {
        reserved.add(base, size, MemblockRegion.MEMBLOCK_RSRV_KERN);
    }

    /** {@code memblock_reserved_mark_noinit}. */
    public void markNoinit(long base, long size) {
        reserved.setFlag(base, size, MemblockRegion.MEMBLOCK_RSRV_NOINIT, true);
    }

    /** {@code memblock_phys_free}: drops a reservation. */
    public void physFree(long base, long size) {
        reserved.remove(base, size);
    }

    /** {@code memblock_mark_kho_scratch}. */
    public void markKhoScratch(long base, long size) {
        memory.setFlag(base, size, MemblockRegion.MEMBLOCK_KHO_SCRATCH, true);
    }

    public void clearKhoScratch(long base, long size) {
        memory.setFlag(base, size, MemblockRegion.MEMBLOCK_KHO_SCRATCH, false);
    }

    /** {@code memblock_set_kho_scratch_only}: from now on allocate only from scratch regions. */
    public void setKhoScratchOnly() {
        scratchOnly = true;
    }

    /** {@code memblock_clear_kho_scratch_only}. */
    public void clearKhoScratchOnly() {
        scratchOnly = false;
    }

    public boolean isKhoScratchOnly() {
        return scratchOnly;
    }

    public boolean isScratch(long base, long size) {
        return memory.coveredWithFlag(base, size, MemblockRegion.MEMBLOCK_KHO_SCRATCH);
    }

    /** {@code memblock_alloc}: zeroed, top-down anywhere; 0 when nothing fits. */
    public long alloc(long size, long align, String who) {
        long pa = physAllocRange(size, align, 0, ALLOC_ANYWHERE, who);
        if (pa != 0 && size > 0) {
            mem.fill(pa, size, (byte) 0);
        }
        return pa;
    }

    /**
     * {@code memblock_phys_alloc_range}: the highest {@code align}-aligned free range of
     * {@code size} bytes inside {@code [start, end)}, reserved for the kernel; 0 when nothing fits.
     */
    public long physAllocRange(long size, long align, long start, long end, String who) {
        if (handedOver) {
            throw new IllegalStateException("memblock allocation after memblock_free_all by " + who);
        }
        if (align <= 0 || Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("memblock alignment must be a power of two: " + align);
        }
        if (size < 0) {
            return 0; // an unsigned size beyond 2^63 (a wrapped kho_scratch= scale) never fits
        }
        List<long[]> free = freeRanges(scratchOnly);
        for (int i = free.size() - 1; i >= 0; i--) {
            long rs = Math.max(free.get(i)[0], Math.max(start, align));
            long re = Math.min(free.get(i)[1], end);
            if (re < size) {
                continue;
            }
            long cand = (re - size) & ~(align - 1);
            if (cand >= rs && cand + size <= re) {
                if (size > 0) {
                    reserveKern(cand, size);
                }
                log.record("memblock", cand, size, who);
                return cand;
            }
        }
        return 0;
    }

    /** Free ranges: memory (only scratch regions if {@code onlyScratch}) minus reserved, ascending. */
    public List<long[]> freeRanges(boolean onlyScratch) {
        List<long[]> out = new ArrayList<>();
        List<MemblockRegion> res = reserved.regions();
        for (MemblockRegion m : memory.regions()) {
            if (onlyScratch && !m.has(MemblockRegion.MEMBLOCK_KHO_SCRATCH)) {
                continue;
            }
            long cur = m.base();
            for (MemblockRegion r : res) {
                if (r.end() <= cur || r.base() >= m.end()) {
                    continue;
                }
                if (r.base() > cur) {
                    out.add(new long[] {cur, r.base()});
                }
                cur = Math.max(cur, r.end());
            }
            if (cur < m.end()) {
                out.add(new long[] {cur, m.end()});
            }
        }
        return out;
    }

    /** {@code memblock_reserved_kern_size}: kernel reservations below {@code limit}. */
    public long reservedKernSize(long limit) {
        long sum = 0;
        for (MemblockRegion r : reserved.regions()) {
            if (r.has(MemblockRegion.MEMBLOCK_RSRV_KERN) && r.base() < limit) {
                sum += Math.min(r.end(), limit) - r.base();
            }
        }
        return sum;
    }

    /**
     * {@code memblock_free_all}: hands every free page to the buddy allocator and leaves
     * scratch-only mode (the exact call site in the kernel is UNVERIFIED, abi-reference 3.7).
     * Later memblock allocations are a bug.
     */
    public void freeAll(BuddyAllocator buddy) {
        scratchOnly = false;
        for (long[] r : freeRanges(false)) {
            long start = alignUp(r[0], Folio.PAGE_SIZE);
            long end = r[1] & -Folio.PAGE_SIZE; // partial pages stay with the reservation
            if (end > start) {
                buddy.freeRange(start, end - start);
            }
        }
        handedOver = true;
    }

    static long alignUp(long v, long a) {
        return (v + a - 1) & ~(a - 1);
    }
}
