// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed chains: each fixture is a valid chain that {@link KhoBlockRestore#restore} accepts,
 * with exactly one field changed, and the change is the one rejection.
 */
class KhoBlockRestoreTest {
    private final HeapPhysMem mem = new HeapPhysMem(1 << 20);
    private final BumpKho kho = new BumpKho(mem, 0x1000);
    private final KhoBlockChain chain = new KhoBlockChain(mem, kho, 80);

    /** Three blocks of sessions: 51, 51, 10. */
    private long valid() {
        chain.ensure(112);
        chain.seal(112);
        KhoBlockRestore.Chain c = assertAccepted(chain.head());
        assertEquals(112, c.entries());
        assertArrayEquals(new int[] {51, 51, 10}, c.counts());
        return chain.head();
    }

    private KhoBlockRestore.Chain assertAccepted(long head) {
        try {
            return KhoBlockRestore.restore(mem, head, 80);
        } catch (KhoBlockRestore.Invalid e) {
            throw new AssertionError("the unchanged chain is refused: " + e.getMessage());
        }
    }

    private String rejection(long head) {
        return assertThrows(KhoBlockRestore.Invalid.class, () -> KhoBlockRestore.restore(mem, head, 80)).getMessage();
    }

    @Test
    void anEmptyChainIsNoEntries() throws Exception {
        assertEquals(0, KhoBlockRestore.restore(mem, 0, 80).entries());
    }

    @Test
    void aCycleIsRefused() {
        long head = valid();
        mem.write64(chain.block(2) + KhoBlockLayout.OFF_NEXT, chain.block(1));
        assertTrue(rejection(head).contains("has a cycle"), rejection(head));
    }

    @Test
    void aSelfLoopIsRefused() {
        long head = valid();
        mem.write64(chain.block(0) + KhoBlockLayout.OFF_NEXT, chain.block(0));
        assertTrue(rejection(head).contains("has a cycle"), rejection(head));
    }

    @Test
    void countZeroIsRefused() {
        long head = valid();
        mem.write64(chain.block(1) + KhoBlockLayout.OFF_COUNT, 0);
        assertEquals(String.format("kho_block %#x: count 0, expected 1..51", chain.block(1)), rejection(head));
    }

    @Test
    void count52IsRefused() {
        long head = valid();
        mem.write64(chain.block(2) + KhoBlockLayout.OFF_COUNT, 52);
        assertEquals(String.format("kho_block %#x: count 52, expected 1..51", chain.block(2)), rejection(head));
    }

    @Test
    void aNextOutsideRamIsRefused() {
        long head = valid();
        mem.write64(chain.block(2) + KhoBlockLayout.OFF_NEXT, 1L << 40);
        assertTrue(rejection(head).contains("is not a page in RAM"), rejection(head));
    }

    @Test
    void tenThousandBlocksPassAndTenThousandAndOneAreRefused() {
        HeapPhysMem big = new HeapPhysMem(48L << 20);
        long head = 0x1000;
        int blocks = KhoBlockLayout.KHO_MAX_BLOCKS + 1;
        for (int i = 0; i < blocks; i++) {
            long pa = head + (long) i * 4096;
            big.write64(pa + KhoBlockLayout.OFF_NEXT, i + 1 < blocks ? pa + 4096 : 0);
            big.write64(pa + KhoBlockLayout.OFF_COUNT, 1);
        }
        // unchanged: 10000 blocks, the last one's next cut
        long last = head + (long) (blocks - 2) * 4096;
        big.write64(last + KhoBlockLayout.OFF_NEXT, 0);
        try {
            assertEquals(10_000, KhoBlockRestore.restore(big, head, 80).size());
        } catch (KhoBlockRestore.Invalid e) {
            throw new AssertionError(e.getMessage());
        }
        // the one change: the 10000th block links the 10001st
        big.write64(last + KhoBlockLayout.OFF_NEXT, last + 4096);
        String why = assertThrows(KhoBlockRestore.Invalid.class, () -> KhoBlockRestore.restore(big, head, 80)).getMessage();
        assertEquals("kho_block chain at 0x1000 is longer than KHO_MAX_BLOCKS 10000", why);
    }

    @Test
    void aRefusedChainIsFreedOncePerBlockCycleIncluded() {
        long head = valid();
        mem.write64(chain.block(2) + KhoBlockLayout.OFF_NEXT, chain.block(0));
        KhoBlockRestore.freeChain(mem, kho, head);
        assertEquals(java.util.Set.of(chain.block(0), chain.block(1), chain.block(2)), kho.restoredFree);
    }
}
