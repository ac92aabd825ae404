// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.port.PhysMem;

import java.util.Arrays;

/**
 * An outgoing chain of KHO serialization blocks ({@code kho_block.c}, abi-reference 2.3). Room
 * is made as objects are created ({@link #ensure}) and given back from the tail as they go
 * ({@link #shrink}), so that serializing at reboot only writes ({@link #seal}) and never
 * allocates. The {@code next} links are written as blocks are added and removed; the counts
 * only at {@link #seal}.
 */
public final class KhoBlockChain {
    private final PhysMem mem;
    private final KhoOutgoing kho;
    private final int entrySize;
    private final int perBlock;
    private long[] blocks = new long[1];
    private int n;

    public KhoBlockChain(PhysMem mem, KhoOutgoing kho, int entrySize) {
        this.mem = mem;
        this.kho = kho;
        this.entrySize = entrySize;
        this.perBlock = KhoBlockLayout.perBlock(entrySize);
    }

    public int perBlock() {
        return perBlock;
    }

    /** Most entries the chain can hold: {@code KHO_MAX_BLOCKS * perBlock}. */
    public int maxEntries() {
        return KhoBlockLayout.KHO_MAX_BLOCKS * perBlock;
    }

    /** Physical address of the first block's header, 0 for an empty chain. */
    public long head() {
        return n == 0 ? 0 : blocks[0];
    }

    public int blocks() {
        return n;
    }

    public long block(int b) {
        return blocks[b];
    }

    /** Physical address of entry {@code i} of the chain. */
    public long entryPa(int i) {
        return blocks[i / perBlock] + KhoBlockLayout.HEADER_SIZE + (long) (i % perBlock) * entrySize;
    }

    /** Blocks needed for {@code entries} entries. */
    public int blocksFor(int entries) {
        return (entries + perBlock - 1) / perBlock;
    }

    /**
     * Room for {@code entries} entries: new zeroed, preserved pages linked at the tail. ENOSPC
     * past {@code KHO_MAX_BLOCKS}; on an allocation failure the blocks added here are given back.
     */
    public void ensure(int entries) {
        int want = blocksFor(entries);
        if (want > KhoBlockLayout.KHO_MAX_BLOCKS) {
            throw new KernelException(Errno.ENOSPC, "a kho_block chain holds at most " + KhoBlockLayout.KHO_MAX_BLOCKS
                    + " blocks (" + maxEntries() + " entries)");
        }
        int had = n;
        try {
            while (n < want) {
                long pa = kho.allocPreserve(KhoBlockLayout.KHO_BLOCK_SIZE);
                if (n == blocks.length) {
                    blocks = Arrays.copyOf(blocks, n * 2);
                }
                if (n > 0) {
                    mem.write64(blocks[n - 1] + KhoBlockLayout.OFF_NEXT, pa);
                }
                blocks[n++] = pa;
            }
        } catch (RuntimeException e) {
            dropTo(had);
            throw e;
        }
    }

    /** Gives back the tail blocks that {@code entries} entries do not need. */
    public void shrink(int entries) {
        dropTo(blocksFor(entries));
    }

    private void dropTo(int keep) {
        while (n > keep) {
            kho.unpreserveFree(blocks[--n]);
        }
        if (n > 0) {
            mem.write64(blocks[n - 1] + KhoBlockLayout.OFF_NEXT, 0);
        }
    }

    /** Reboot time: each block's {@code count} for {@code entries} entries written in order. */
    public void seal(int entries) {
        for (int b = 0; b < n; b++) {
            mem.write64(blocks[b] + KhoBlockLayout.OFF_COUNT, Math.max(0, Math.min(perBlock, entries - b * perBlock)));
        }
    }

    /** Undo of a failed serialize: counts and entries zeroed, the links kept. */
    public void clear() {
        for (int b = 0; b < n; b++) {
            mem.fill(blocks[b] + KhoBlockLayout.OFF_COUNT, KhoBlockLayout.KHO_BLOCK_SIZE - KhoBlockLayout.OFF_COUNT,
                    (byte) 0);
        }
    }

    /** Every block unpreserved and freed. */
    public void free() {
        dropTo(0);
    }
}
