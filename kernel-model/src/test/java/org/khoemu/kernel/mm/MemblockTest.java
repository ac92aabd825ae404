// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemblockTest {
    private static final long MIB = 1 << 20;
    private final HeapPhysMem mem = new HeapPhysMem(64 * MIB);
    private final AllocationLog log = new AllocationLog();
    private final Memblock mb = new Memblock(mem, log);

    MemblockTest() {
        mb.addFromFirmwareMap(List.of(new E820Entry(0, 640 * 1024, E820Entry.E820_TYPE_RAM),
                new E820Entry(640 * 1024, MIB - 640 * 1024, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(MIB, 63 * MIB, E820Entry.E820_TYPE_RAM),
                new E820Entry(64 * MIB, 64 * MIB, E820Entry.E820_TYPE_RAM)));
    }

    @Test
    void firmwareMapRamOnlyAndClippedToPhysicalRam() {
        List<MemblockRegion> r = mb.memory().regions();
        assertEquals(2, r.size());
        assertEquals(0, r.get(0).base());
        assertEquals(640 * 1024, r.get(0).size());
        assertEquals(MIB, r.get(1).base());
        assertEquals(64 * MIB, r.get(1).end());
    }

    @Test
    void allocIsTopDownAlignedAndRespectsReservations() {
        mb.reserve(60 * MIB, 4 * MIB);
        long a = mb.alloc(12345, 4096, "t");
        assertEquals(60 * MIB - 16384, a);
        long b = mb.alloc(MIB, 2 * MIB, "t");
        assertEquals(58 * MIB, b);
        assertTrue(mb.reserved().overlaps(a, 12345));
        assertEquals(2, log.records().size());
        assertEquals(12345 + MIB, mb.reservedKernSize(Memblock.ALLOC_ANYWHERE));
    }

    @Test
    void allocFailsWithZeroWhenNothingFits() {
        assertEquals(0, mb.alloc(128 * MIB, 4096, "t"));
        assertEquals(0, mb.physAllocRange(-2 * MIB, 2 * MIB, 0, Memblock.ALLOC_ANYWHERE, "t"),
                "a size beyond 2^63 (unsigned) never fits");
        assertTrue(log.records().isEmpty());
    }

    @Test
    void flagValuesAreTheKernels() {
        // enum memblock_flags, include/linux/memblock.h (v6.16 on)
        assertEquals(0x10, MemblockRegion.MEMBLOCK_RSRV_NOINIT);
        assertEquals(0x20, MemblockRegion.MEMBLOCK_RSRV_KERN);
        assertEquals(0x40, MemblockRegion.MEMBLOCK_KHO_SCRATCH);
    }

    @Test
    void scratchOnlyModeAllocatesOnlyFromScratch() {
        mb.markKhoScratch(8 * MIB, 4 * MIB);
        mb.setKhoScratchOnly();
        long a = mb.alloc(MIB, 4096, "t");
        assertEquals(11 * MIB, a);
        assertTrue(mb.isScratch(a, MIB));
        long b = mb.alloc(3 * MIB, 4096, "t");
        assertEquals(8 * MIB, b);
        assertEquals(0, mb.alloc(4096, 4096, "t"), "scratch exhausted: no fallback to normal memory");
        mb.clearKhoScratchOnly();
        long c = mb.alloc(4096, 4096, "t");
        assertEquals(64 * MIB - 4096, c);
        assertFalse(mb.isScratch(c, 4096));
    }

    @Test
    void physFreeDropsReservationAndMergesNeighbours() {
        mb.reserve(2 * MIB, MIB);
        mb.reserve(3 * MIB, MIB);
        assertEquals(1, mb.reserved().regions().size(), "adjacent equal-flag regions merge");
        mb.physFree(2 * MIB + 4096, 4096);
        assertEquals(2, mb.reserved().regions().size());
        assertEquals(2 * MIB - 4096, mb.reserved().totalSize());
    }

    @Test
    void noAllocationAfterFreeAll() {
        MemMap mm = new MemMap(mem.size());
        BuddyAllocator buddy = new BuddyAllocator(mem, mm, log);
        mb.freeAll(buddy);
        assertEquals(mb.memory().totalSize() / 4096, buddy.managedPages());
        assertThrows(IllegalStateException.class, () -> mb.alloc(4096, 4096, "late"));
    }
}
