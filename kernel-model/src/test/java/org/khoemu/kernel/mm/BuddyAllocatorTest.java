// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuddyAllocatorTest {
    private static final long MIB = 1 << 20;

    private static BuddyAllocator buddy(HeapPhysMem mem, long base, long size) {
        BuddyAllocator b = new BuddyAllocator(mem, new MemMap(mem.size()), new AllocationLog());
        b.freeRange(base, size);
        return b;
    }

    @Test
    void freeRangeBuildsMaximalBlocks() {
        HeapPhysMem mem = new HeapPhysMem(16 * MIB);
        BuddyAllocator b = buddy(mem, 4096, 12 * MIB - 4096);
        b.checkInvariants();
        List<long[]> blocks = b.freeBlocks();
        assertEquals(4096, blocks.get(0)[0]);
        assertEquals(0, blocks.get(0)[1]);
        assertEquals(BuddyAllocator.MAX_PAGE_ORDER, blocks.get(blocks.size() - 1)[1]);
        assertEquals(3 * 1024 - 1, b.freePages());
        assertEquals(b.freePages(), b.managedPages());
    }

    @Test
    void splitThenMergeRestoresOneBlock() {
        HeapPhysMem mem = new HeapPhysMem(8 * MIB);
        BuddyAllocator b = buddy(mem, 4 * MIB, 4 * MIB);
        Folio f = b.allocFolio(0, false, "t");
        assertEquals(4 * MIB, f.pa(), "lowest address first");
        b.checkInvariants();
        assertEquals(BuddyAllocator.MAX_PAGE_ORDER, b.freeBlocks().size(), "one free block per lower order");
        b.folioPut(f);
        b.checkInvariants();
        assertEquals(1, b.freeBlocks().size());
        assertEquals(BuddyAllocator.MAX_PAGE_ORDER, b.freeBlocks().get(0)[1]);
    }

    @Test
    void zeroingOnRequestOnly() {
        HeapPhysMem mem = new HeapPhysMem(8 * MIB);
        mem.fill(4 * MIB, 4 * MIB, (byte) 0x5a);
        BuddyAllocator b = buddy(mem, 4 * MIB, 4 * MIB);
        Folio dirty = b.allocFolio(1, false, "t");
        assertEquals(0x5a, mem.read8(dirty.pa() + 4097));
        Folio clean = b.allocFolio(1, true, "t");
        assertEquals(0, mem.read8(clean.pa() + 4097));
        assertEquals(0, mem.read8(clean.pa()));
    }

    @Test
    void enomemOnExhaustionAndEinvalOnBadOrder() {
        HeapPhysMem mem = new HeapPhysMem(8 * MIB);
        BuddyAllocator b = buddy(mem, 4 * MIB, 2 * MIB);
        KernelException e = assertThrows(KernelException.class, () -> b.allocFolio(10, false, "t"));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> b.allocFolio(11, false, "t")).errno());
        b.allocFolio(9, false, "t");
        assertEquals(Errno.ENOMEM, assertThrows(KernelException.class, () -> b.allocFolio(0, false, "t")).errno());
    }

    @Test
    void doubleFreeIsCaught() {
        HeapPhysMem mem = new HeapPhysMem(8 * MIB);
        BuddyAllocator b = buddy(mem, 4 * MIB, 4 * MIB);
        Folio f = b.allocFolio(2, false, "t");
        b.folioPut(f);
        assertThrows(IllegalStateException.class, () -> b.folioPut(f));
        Folio g = b.allocFolio(2, false, "t");
        assertThrows(IllegalStateException.class, () -> b.folioPut(new Folio(g.pa() + 4096, 0)), "tail page");
        assertThrows(IllegalStateException.class, () -> b.folioPut(new Folio(g.pa(), 1)), "wrong order");
    }

    @Test
    void cmaScratchIsNeverHandedToKernelAllocations() {
        HeapPhysMem mem = new HeapPhysMem(16 * MIB);
        BuddyAllocator b = new BuddyAllocator(mem, new MemMap(mem.size()), new AllocationLog());
        b.addCmaRange(2 * MIB, 2 * MIB);
        b.freeRange(0, 8 * MIB);
        b.checkInvariants();
        List<Folio> got = new ArrayList<>();
        try {
            while (true) {
                got.add(b.allocFolio(0, false, "t"));
            }
        } catch (KernelException e) {
            assertEquals(Errno.ENOMEM, e.errno());
        }
        assertEquals(6 * 256, got.size());
        assertTrue(got.stream().noneMatch(f -> f.pa() >= 2 * MIB && f.pa() < 4 * MIB));
        b.checkInvariants();
        got.forEach(b::folioPut);
        b.checkInvariants();
        assertEquals(8 * 256, b.freePages());
    }

    @Test
    void cmaRangeNotPageblockAlignedCoversWholePageblocks() {
        HeapPhysMem mem = new HeapPhysMem(16 * MIB);
        BuddyAllocator b = new BuddyAllocator(mem, new MemMap(mem.size()), new AllocationLog());
        b.addCmaRange(2 * MIB, 1024); // kho_scratch=1K: a page only partly scratch
        b.addCmaRange(6 * MIB + 4096, 4096);
        b.addCmaRange(12 * MIB, 0);
        b.freeRange(0, 8 * MIB);
        b.checkInvariants();
        for (long[] blk : b.freeBlocks()) {
            long pa = blk[0];
            boolean cma = pa >= 2 * MIB && pa < 4 * MIB || pa >= 6 * MIB && pa < 8 * MIB;
            assertEquals(cma ? 1 : 0, blk[2], String.format("block 0x%x", pa));
        }
        int unmovable = 0;
        try {
            while (true) {
                Folio f = b.allocFolio(0, false, "t");
                assertFalse(f.pa() >= 2 * MIB && f.pa() < 4 * MIB || f.pa() >= 6 * MIB, "kernel page from CMA");
                unmovable++;
            }
        } catch (KernelException e) {
            assertEquals(Errno.ENOMEM, e.errno());
        }
        assertEquals(4 * 256, unmovable);
    }

    @Test
    void checkInvariantsDetectsAPageBothFreeAndInUse() {
        HeapPhysMem mem = new HeapPhysMem(8 * MIB);
        BuddyAllocator b = buddy(mem, 4 * MIB, 4 * MIB);
        // a stray write to the memmap marks a free page allocated: the free list is now wrong
        b.memmap().setFolio((5 * MIB) >>> 12, 0, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::checkInvariants);
        assertTrue(e.getMessage().contains("both free and in use"), e.getMessage());
    }

    @Test
    void checkInvariantsDetectsADoubleFreeThatSlippedPastFolioPut() {
        HeapPhysMem mem = new HeapPhysMem(8 * MIB);
        BuddyAllocator b = buddy(mem, 4 * MIB, 4 * MIB);
        Folio keep = b.allocFolio(2, false, "t");
        Folio f = b.allocFolio(2, false, "t");
        b.folioPut(f);
        b.checkInvariants();
        // forge the page state back so the second put is accepted: the block is freed twice
        b.memmap().setFolio(f.pfn(), 2, true);
        b.folioPut(f);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::checkInvariants);
        assertTrue(e.getMessage().startsWith("buddy invariant: "), e.getMessage());
        assertEquals(new Folio(4 * MIB, 2), keep);
    }

    @Test
    void seededRandomWorkloadKeepsInvariantsAndIsDeterministic() {
        assertEquals(runWorkload(42), runWorkload(42));
        assertFalse(runWorkload(42).equals(runWorkload(43)));
    }

    private static List<Long> runWorkload(long seed) {
        HeapPhysMem mem = new HeapPhysMem(32 * MIB);
        BuddyAllocator b = buddy(mem, MIB, 31 * MIB);
        long total = b.freePages();
        Random rnd = new Random(seed);
        List<Folio> live = new ArrayList<>();
        List<Long> trace = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            if (live.isEmpty() || rnd.nextInt(100) < 55) {
                try {
                    Folio f = b.allocFolio(rnd.nextInt(6), false, "w");
                    live.add(f);
                    trace.add(f.pa());
                } catch (KernelException e) {
                    assertEquals(Errno.ENOMEM, e.errno());
                }
            } else {
                b.folioPut(live.remove(rnd.nextInt(live.size())));
            }
            if (step % 250 == 0) {
                b.checkInvariants();
            }
        }
        b.checkInvariants();
        live.forEach(b::folioPut);
        b.checkInvariants();
        assertEquals(total, b.freePages());
        return trace;
    }
}
