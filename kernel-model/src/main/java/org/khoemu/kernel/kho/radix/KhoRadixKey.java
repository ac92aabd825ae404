// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

/**
 * The kho-v2+ radix tree's key (abi-reference 3.3): one key space for every order,
 * {@code key = (1 << (52 - order)) | (pa >> (12 + order))}, so the single highest set bit (the
 * "order bit") says the order. Bits [14:0] pick the leaf bit, then 9 bits per interior level:
 * [23:15] level 1, [32:24] level 2, [41:33] level 3, [50:42] level 4, [59:51] level 5 (root).
 */
public final class KhoRadixKey {
    private KhoRadixKey() {
    }

    /** {@code KHO_ORDER_0_LOG2} = 64 - PAGE_SHIFT: where an order-0 key has its order bit. */
    public static final int ORDER_0_LOG2 = KhoRadixLayout.LAYOUT.number("KHO_ORDER_0_LOG2");
    /** {@code KHO_TABLE_SIZE_LOG2}: an interior node is one page of 512 u64 physical pointers. */
    public static final int TABLE_SIZE_LOG2 = KhoRadixLayout.LAYOUT.number("KHO_TABLE_SIZE_LOG2");
    public static final int TABLE_SIZE = 1 << TABLE_SIZE_LOG2;
    /** {@code KHO_BITMAP_SIZE_LOG2}: a leaf is one page of 32768 bits. */
    public static final int BITMAP_SIZE_LOG2 = KhoRadixLayout.LAYOUT.number("KHO_BITMAP_SIZE_LOG2");
    public static final int BITMAP_BITS = 1 << BITMAP_SIZE_LOG2;
    /** {@code KHO_TREE_MAX_DEPTH}: ceil((52 - 15) / 9) + 1 levels, the leaf included. */
    public static final int MAX_DEPTH = KhoRadixLayout.LAYOUT.number("KHO_TREE_MAX_DEPTH");
    /** The root's level; level 1 nodes point at leaves. */
    public static final int ROOT_LEVEL = MAX_DEPTH - 1;
    private static final int PAGE_SHIFT = 12;

    /** The key of the {@code 2^order}-page block at {@code pa}. */
    public static long encode(long pa, int order) {
        return (1L << (ORDER_0_LOG2 - order)) | (pa >>> (PAGE_SHIFT + order));
    }

    /** The order a key stands for: 52 minus its highest set bit (negative or too big when the key is bad). */
    public static int order(long key) {
        return ORDER_0_LOG2 - (63 - Long.numberOfLeadingZeros(key));
    }

    /** The block address of a key whose {@link #order} is valid. */
    public static long pa(long key) {
        int order = order(key);
        return (key & ~Long.highestOneBit(key)) << (PAGE_SHIFT + order);
    }

    /** The first key bit that selects a slot of a level-{@code level} node (1 = just above the leaf). */
    public static int shift(int level) {
        return BITMAP_SIZE_LOG2 + TABLE_SIZE_LOG2 * (level - 1);
    }

    /** The slot of a level-{@code level} node that leads to {@code key}. */
    public static int index(long key, int level) {
        return (int) ((key >>> shift(level)) & (TABLE_SIZE - 1));
    }

    /** The bit of the leaf that stands for {@code key}. */
    public static int leafBit(long key) {
        return (int) (key & (BITMAP_BITS - 1));
    }
}
