// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reserving runs of touching preserved blocks at once leaves memblock exactly as the kernel's
 * block-by-block reservation does: same regions, same flags, over existing reservations too.
 */
class KhoReserveRunsTest {
    private static Memblock memblock() {
        Memblock mb = new Memblock(new HeapPhysMem(64L << 20), new AllocationLog());
        mb.reserveKern(0x100000, 0x3000);    // a kernel reservation the blocks may touch
        mb.reserve(0x200000, 0x1000);
        return mb;
    }

    @Test
    void runsGiveTheSameRegionsAsBlockByBlock() {
        SplittableRandom r = new SplittableRandom(9);
        for (int round = 0; round < 50; round++) {
            List<KhoPreservedBlock> blocks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int order = r.nextInt(4);
                long pfn = (0xf0L + r.nextInt(0x400)) & -(1L << order);
                blocks.add(new KhoPreservedBlock(pfn << 12, order));
            }
            // a duplicate and a bigger block over smaller ones, as a damaged map may hold
            blocks.add(blocks.get(0));
            blocks.add(new KhoPreservedBlock(0x300000, 3));
            Collections.shuffle(blocks, new java.util.Random(round));
            Memblock one = memblock();
            for (KhoPreservedBlock b : blocks) {
                one.reserve(b.pa(), b.size());
                one.markNoinit(b.pa(), b.size());
            }
            Memblock runs = memblock();
            KhoIn.reserveRuns(runs, blocks);
            assertEquals(one.reserved().regions(), runs.reserved().regions());
            assertTrue(runs.reserved().regions().size() > 2);
        }
    }
}
