// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.port.PhysMem;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The incoming half of {@code kho_block.c}: an untrusted chain is checked before any entry is
 * read (abi-reference 2.3): no cycle on {@code next} (Floyd), at most {@code KHO_MAX_BLOCKS}
 * blocks, and every block's {@code count} in {@code 1..perBlock}. On a failure the caller gets
 * the kernel's -EINVAL ({@link Invalid}) and frees what is left with {@link #freeChain}.
 */
public final class KhoBlockRestore {
    private KhoBlockRestore() {
    }

    /** A check the chain failed; the message says which block and why. */
    public static final class Invalid extends Exception {
        public Invalid(String reason) {
            super(reason);
        }
    }

    /** A checked chain: its blocks in order and the count of each. */
    public record Chain(long[] blocks, int[] counts, long entries) {
        public int size() {
            return blocks.length;
        }
    }

    /**
     * khoemu bound, not in the kernel (which trusts the pointer once the chain is acyclic): a
     * block must be a whole page inside RAM before its header is read.
     */
    private static boolean page(PhysMem mem, long pa) {
        return pa > 0 && (pa & (KhoBlockLayout.KHO_BLOCK_SIZE - 1)) == 0 && pa <= mem.size() - KhoBlockLayout.KHO_BLOCK_SIZE;
    }

    private static long next(PhysMem mem, long pa) throws Invalid {
        if (!page(mem, pa)) {
            throw new Invalid(String.format("kho_block %#x is not a page in RAM", pa));
        }
        return mem.read64(pa + KhoBlockLayout.OFF_NEXT);
    }

    /** Checks the chain at {@code head} (0 = empty) of {@code entrySize}-byte entries. */
    public static Chain restore(PhysMem mem, long head, int entrySize) throws Invalid {
        int perBlock = KhoBlockLayout.perBlock(entrySize);
        int max = KhoBlockLayout.KHO_MAX_BLOCKS;
        // Floyd: the hare takes two steps per step of the tortoise; they meet only on a cycle.
        // Bounded by the hop limit: a longer acyclic chain is refused by the walk below.
        long slow = head;
        long fast = head;
        for (int hops = 0; fast != 0 && hops <= max; hops++) {
            fast = next(mem, fast);
            if (fast == 0) {
                break;
            }
            fast = next(mem, fast);
            slow = next(mem, slow);
            if (fast == slow) {
                throw new Invalid(String.format("kho_block chain at %#x has a cycle (through %#x)", head, slow));
            }
        }
        long[] blocks = new long[16];
        int[] counts = new int[16];
        int n = 0;
        long entries = 0;
        for (long b = head; b != 0; ) {
            if (n == max) {
                throw new Invalid(String.format("kho_block chain at %#x is longer than KHO_MAX_BLOCKS %d", head, max));
            }
            long next = next(mem, b);
            long count = mem.read64(b + KhoBlockLayout.OFF_COUNT);
            if (count < 1 || count > perBlock) {
                throw new Invalid(String.format("kho_block %#x: count %s, expected 1..%d", b,
                        Long.toUnsignedString(count), perBlock));
            }
            if (n == blocks.length) {
                blocks = Arrays.copyOf(blocks, n * 2);
                counts = Arrays.copyOf(counts, n * 2);
            }
            blocks[n] = b;
            counts[n++] = (int) count;
            entries += count;
            b = next;
        }
        return new Chain(Arrays.copyOf(blocks, n), Arrays.copyOf(counts, n), entries);
    }

    /**
     * Frees the blocks of the chain at {@code head} (each once, stopping at a pointer that is not
     * a page in RAM and after {@code KHO_MAX_BLOCKS}): what the kernel does with a chain it refused.
     */
    public static void freeChain(PhysMem mem, KhoIncoming kho, long head) {
        Set<Long> seen = new HashSet<>();
        for (long b = head; b != 0 && page(mem, b) && seen.size() < KhoBlockLayout.KHO_MAX_BLOCKS && seen.add(b); ) {
            long next = mem.read64(b + KhoBlockLayout.OFF_NEXT);
            kho.restoreFree(b);
            b = next;
        }
    }

    /** Frees the blocks of a checked chain. */
    public static void free(KhoIncoming kho, Chain chain) {
        for (long b : chain.blocks()) {
            kho.restoreFree(b);
        }
    }
}
