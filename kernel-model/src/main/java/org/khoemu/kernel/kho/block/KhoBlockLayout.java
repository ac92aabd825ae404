// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.abi.AbiStruct;

/**
 * KHO linked serialization blocks ({@code include/linux/kho/abi/block.h}, kho-v4;
 * abi-reference 2.3): one preserved page per block, a 16-byte {@code {next, count}} header, then
 * {@code (4096 - 16) / entry_size} entries, at most {@code KHO_MAX_BLOCKS} blocks per chain.
 */
public final class KhoBlockLayout {
    private KhoBlockLayout() {
    }

    /** {@code KHO_BLOCK_SIZE} = {@code PAGE_SIZE}: a block is one preserved page. */
    public static final int KHO_BLOCK_SIZE = 4096;

    /** {@code KHO_MAX_BLOCKS}: growing a chain past it is -ENOSPC; restoring a longer one -EINVAL. */
    public static final int KHO_MAX_BLOCKS = 10000;

    /** The KHO root compatible that versions the block format. */
    public static final String VERSIONED_BY = "KHO_FDT_COMPATIBLE";

    public static final AbiStruct KHO_BLOCK_HEADER_SER = AbiStruct.packed("kho_block_header_ser", VERSIONED_BY,
                    "at offset 0 of every 4 KiB kho_block; the entries follow")
            .u64("next", "phys of the next block's header, 0 = end of chain")
            .u64("count", "valid entries in this block, 1..entries per block")
            .build();

    public static final int HEADER_SIZE = KHO_BLOCK_HEADER_SER.size();
    public static final int OFF_NEXT = KHO_BLOCK_HEADER_SER.offset("next");
    public static final int OFF_COUNT = KHO_BLOCK_HEADER_SER.offset("count");

    /** {@code count_per_block}: the entries of {@code entrySize} bytes after the header. */
    public static int perBlock(int entrySize) {
        return (KHO_BLOCK_SIZE - HEADER_SIZE) / entrySize;
    }
}
