// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.khoemu.kernel.kho.KhoLiveMap;
import org.khoemu.kernel.port.PhysMem;

import java.util.function.LongSupplier;

/**
 * The outgoing kernel's kho-v2+ radix tree, in RAM only: {@code struct kho_radix_node} pages
 * (512 u64 physical pointers, 0 = absent) down to {@code struct kho_radix_leaf} bitmaps. A
 * preserve walks from the root and allocates each missing node or leaf as a zeroed page on the
 * way, so the pages appear in the order blocks are preserved. Node pages are not themselves
 * entries of the tree: like kho-v1's chunks they survive the kexec only because the next kernel
 * allocates from scratch alone until it has walked them.
 */
public final class KhoRadixTree implements KhoLiveMap {
    private final PhysMem mem;
    private final LongSupplier zeroedPage;
    private final long root;

    /** Allocates the (empty) root node; {@code zeroedPage} may throw {@code KernelException(ENOMEM)}. */
    public KhoRadixTree(PhysMem mem, LongSupplier zeroedPage) {
        this.mem = mem;
        this.zeroedPage = zeroedPage;
        this.root = zeroedPage.getAsLong();
    }

    @Override
    public long root() {
        return root;
    }

    @Override
    public void preserve(long pfn, int order) {
        long key = KhoRadixKey.encode(pfn << 12, order);
        long page = root;
        for (int level = KhoRadixKey.ROOT_LEVEL; level >= 1; level--) {
            long slot = page + 8L * KhoRadixKey.index(key, level);
            long child = mem.read64(slot);
            if (child == 0) {
                // a failed allocation leaves the nodes already linked in place: empty, harmless
                child = zeroedPage.getAsLong();
                mem.write64(slot, child);
            }
            page = child;
        }
        long word = page + 8L * (KhoRadixKey.leafBit(key) >>> 6);
        mem.write64(word, mem.read64(word) | (1L << (KhoRadixKey.leafBit(key) & 63)));
    }

    @Override
    public boolean unpreserve(long pfn, int order) {
        long leaf = leafOf(KhoRadixKey.encode(pfn << 12, order));
        if (leaf == 0) {
            return false;
        }
        int bit = KhoRadixKey.leafBit(KhoRadixKey.encode(pfn << 12, order));
        long word = leaf + 8L * (bit >>> 6);
        // emptied nodes and leaves stay allocated (UNVERIFIED whether the kernel prunes them)
        mem.write64(word, mem.read64(word) & ~(1L << (bit & 63)));
        return true;
    }

    /** The leaf page covering {@code key}, 0 when a node on the way is absent. */
    private long leafOf(long key) {
        long page = root;
        for (int level = KhoRadixKey.ROOT_LEVEL; level >= 1 && page != 0; level--) {
            page = mem.read64(page + 8L * KhoRadixKey.index(key, level));
        }
        return page;
    }
}
