// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kexec'd kernel reads its e820 table from boot_params: untrusted u64s. An entry whose address
 * has bit 63 set (the campaign's {@code boot_params.e820_table[N].addr:flip63}) lies far above
 * any physical address this machine has; one whose end wraps past 2^64 describes nothing. Neither
 * may reach memblock, and through it the page allocator, which would hand out pages nobody can
 * touch (the model's machine check).
 */
class E820EntryAboveMaxPhysTest {
    private static final long MIB = 1 << 20;

    @Test
    void entriesAboveRamOrWrappingAreIgnoredAndEveryPageTheAllocatorGivesIsRam() {
        HeapPhysMem mem = new HeapPhysMem(16 * MIB);
        Memblock mb = new Memblock(mem, new AllocationLog());
        mb.addFromFirmwareMap(List.of(
                new E820Entry(0x8000000000000000L, 0x9f000, E820Entry.E820_TYPE_RAM),   // entry 0, addr:flip63
                new E820Entry(MIB, 14 * MIB, E820Entry.E820_TYPE_RAM),
                new E820Entry(0x8000000000000000L | 15 * MIB, MIB, E820Entry.E820_TYPE_RAM), // last, addr:flip63
                new E820Entry(4 * MIB, -1L, E820Entry.E820_TYPE_RAM),                   // end wraps past 2^64
                new E820Entry(-MIB, MIB, E820Entry.E820_TYPE_RAM)));                    // ends exactly at 2^64
        List<MemblockRegion> r = mb.memory().regions();
        assertEquals(1, r.size(), r.toString());
        assertEquals(MIB, r.get(0).base());
        assertEquals(15 * MIB, r.get(0).end());

        BuddyAllocator buddy = new BuddyAllocator(mem, new MemMap(mem.size()), new AllocationLog());
        mb.freeAll(buddy);
        long pages = 0;
        try {
            for (;;) {
                Folio f = buddy.allocFolio(0, true, "t"); // zeroing touches the page: RAM or a machine check
                assertTrue(f.pa() >= MIB && f.pa() < 15 * MIB, Long.toHexString(f.pa()));
                pages++;
            }
        } catch (KernelException e) {
            assertEquals(Errno.ENOMEM, e.errno());
        }
        assertEquals(14 * MIB / Folio.PAGE_SIZE, pages);
    }

    @Test
    void aSizeWithBit63SetIsCutAtTheEndOfRam() {
        HeapPhysMem mem = new HeapPhysMem(16 * MIB);
        Memblock mb = new Memblock(mem, new AllocationLog());
        mb.addFromFirmwareMap(List.of(new E820Entry(MIB, 0x8000000000000000L | 14 * MIB, E820Entry.E820_TYPE_RAM)));
        List<MemblockRegion> r = mb.memory().regions();
        assertEquals(1, r.size(), r.toString());
        assertEquals(MIB, r.get(0).base());
        assertEquals(16 * MIB, r.get(0).end());
    }
}
