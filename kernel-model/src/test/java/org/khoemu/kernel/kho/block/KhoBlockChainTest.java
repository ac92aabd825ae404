// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The outgoing chain: grown as entries come, shrunk from the tail, sealed without allocating. */
class KhoBlockChainTest {
    private final HeapPhysMem mem = new HeapPhysMem(1 << 20);
    private final BumpKho kho = new BumpKho(mem, 0x1000);
    /** 80-byte entries, as luo_session_ser: 51 per block. */
    private final KhoBlockChain chain = new KhoBlockChain(mem, kho, 80);

    @Test
    void fiftyOnePerBlockTheFiftySecondStartsABlock() {
        assertEquals(51, chain.perBlock());
        assertEquals(0, chain.head(), "empty chain");
        chain.ensure(51);
        assertEquals(1, chain.blocks());
        chain.ensure(52);
        assertEquals(2, chain.blocks());
        assertEquals(chain.block(1), mem.read64(chain.block(0)), "next of block 0");
        assertEquals(0, mem.read64(chain.block(1)), "end of chain");
        assertEquals(chain.block(1) + 16, chain.entryPa(51));
        assertEquals(chain.block(0) + 16 + 50 * 80, chain.entryPa(50));
    }

    @Test
    void shrinkGivesBackTheTailAndEndsTheChainThere() {
        chain.ensure(120);
        long first = chain.block(0);
        assertEquals(3, kho.live.size());
        chain.shrink(51);
        assertEquals(1, chain.blocks());
        assertEquals(1, kho.live.size());
        assertEquals(0, mem.read64(first), "next cleared");
        chain.shrink(0);
        assertEquals(0, chain.head());
        assertEquals(0, kho.live.size());
    }

    @Test
    void sealWritesEachBlocksCountAndAllocatesNothing() {
        chain.ensure(103);
        int before = kho.live.size();
        chain.seal(103);
        assertEquals(before, kho.live.size());
        assertArrayEquals(new long[] {51, 51, 1},
                new long[] {mem.read64(chain.block(0) + 8), mem.read64(chain.block(1) + 8), mem.read64(chain.block(2) + 8)});
    }

    @Test
    void growingPastKhoMaxBlocksIsEnospcAndKeepsTheChain() {
        HeapPhysMem big = new HeapPhysMem(48L << 20);
        BumpKho k = new BumpKho(big, 0x1000);
        KhoBlockChain c = new KhoBlockChain(big, k, 64);
        assertEquals(630_000, c.maxEntries());
        c.ensure(630_000);
        assertEquals(10_000, c.blocks());
        KernelException e = assertThrows(KernelException.class, () -> c.ensure(630_001));
        assertEquals(Errno.ENOSPC, e.errno());
        assertEquals(10_000, c.blocks());
    }

    @Test
    void aFailedAllocationGivesBackWhatItAdded() {
        HeapPhysMem small = new HeapPhysMem(4 * 4096);
        BumpKho k = new BumpKho(small, 0x1000);
        KhoBlockChain c = new KhoBlockChain(small, k, 64);
        c.ensure(63);
        KernelException e = assertThrows(KernelException.class, () -> c.ensure(63 * 5));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(1, c.blocks());
        assertEquals(1, k.live.size());
        assertEquals(0, small.read64(c.block(0)), "the tail's next is cleared again");
    }
}
