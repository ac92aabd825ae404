// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.kho.KhoLiveMap;
import org.khoemu.kernel.kho.KhoMapException;
import org.khoemu.kernel.kho.KhoMemMapFormat;
import org.khoemu.kernel.kho.KhoMemTrack;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * kho-v2+ ("stateless KHO"): one radix tree for all orders ({@link KhoRadixKey}), kept live by
 * the outgoing kernel ({@link KhoRadixTree}) and walked by the next one. The walk trusts no
 * pointer: each must be a page-aligned page inside RAM that the walk has not met before, the
 * depth is fixed at {@link KhoRadixKey#MAX_DEPTH}, and every set leaf bit must decode to an
 * order the buddy allocator knows and a block inside RAM.
 */
public final class KhoRadixMemMap implements KhoMemMapFormat {
    public static final KhoRadixMemMap INSTANCE = new KhoRadixMemMap();

    private KhoRadixMemMap() {
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public KhoLiveMap newLive(PhysMem mem, LongSupplier zeroedPage) {
        return new KhoRadixTree(mem, zeroedPage);
    }

    /**
     * The whole tree at once from the tracker (by order, then address). The kernel never does
     * this (its tree grows with each preserve: {@link #newLive}); a tree built here holds the
     * same leaf bits in the same shape, but its node pages were allocated in tracker order, so
     * their addresses (and the pointer bytes) differ from a live-built tree's.
     */
    @Override
    public long serialize(KhoMemTrack track, PhysMem mem, BuddyAllocator pages) {
        List<Long> taken = new ArrayList<>();
        LongSupplier page = () -> {
            long pa = pages.allocFolio(0, true, "kho_radix_node").pa();
            taken.add(pa);
            return pa;
        };
        try {
            KhoRadixTree tree = new KhoRadixTree(mem, page);
            for (KhoPreservedBlock b : track.blocks()) {
                tree.preserve(b.pa() >>> Folio.PAGE_SHIFT, b.order());
            }
            return tree.root();
        } catch (KernelException e) {
            taken.forEach(pa -> pages.folioPut(new Folio(pa, 0)));
            throw e;
        }
    }

    @Override
    public void free(long map, PhysMem mem, BuddyAllocator pages) {
        if (map != 0) {
            freeNode(map, KhoRadixKey.ROOT_LEVEL, mem, pages);
        }
    }

    private static void freeNode(long node, int level, PhysMem mem, BuddyAllocator pages) {
        for (int i = 0; i < KhoRadixKey.TABLE_SIZE; i++) {
            long child = mem.read64(node + 8L * i);
            if (child == 0) {
                continue;
            }
            if (level > 1) {
                freeNode(child, level - 1, mem, pages);
            } else {
                pages.folioPut(new Folio(child, 0));
            }
        }
        pages.folioPut(new Folio(node, 0));
    }

    @Override
    public List<KhoPreservedBlock> walk(PhysMem mem, long map) {
        return walk(mem, map, new HashSet<>());
    }

    /** {@link #walk(PhysMem, long)} that also leaves every node and leaf page it visited in {@code seen}. */
    public List<KhoPreservedBlock> walk(PhysMem mem, long map, Set<Long> seen) {
        List<KhoPreservedBlock> out = new ArrayList<>();
        checkPointer(mem, map, "root", seen);
        walkNode(mem, map, KhoRadixKey.ROOT_LEVEL, 0, seen, out);
        return out;
    }

    private static String nodeName(int level) {
        return level == KhoRadixKey.ROOT_LEVEL ? "root" : "level-" + level + " node";
    }

    private static void walkNode(PhysMem mem, long node, int level, long prefix, Set<Long> seen,
                                 List<KhoPreservedBlock> out) {
        ByteBuffer w = mem.window(node, (int) Folio.PAGE_SIZE);
        for (int i = 0; i < KhoRadixKey.TABLE_SIZE; i++) {
            long child = w.getLong(i * 8);
            if (child == 0) {
                continue;
            }
            String where = String.format("%s 0x%x slot %d", nodeName(level), node, i);
            checkPointer(mem, child, where, seen);
            long childPrefix = prefix | ((long) i << KhoRadixKey.shift(level));
            if (level > 1) {
                walkNode(mem, child, level - 1, childPrefix, seen, out);
            } else {
                walkLeaf(mem, child, childPrefix, out);
            }
        }
    }

    private static void walkLeaf(PhysMem mem, long leaf, long prefix, List<KhoPreservedBlock> out) {
        ByteBuffer w = mem.window(leaf, (int) Folio.PAGE_SIZE);
        for (int word = 0; word < KhoRadixKey.BITMAP_BITS / 64; word++) {
            for (long bits = w.getLong(word * 8); bits != 0; bits &= bits - 1) {
                int bit = word * 64 + Long.numberOfTrailingZeros(bits);
                out.add(block(mem, leaf, bit, prefix | bit));
            }
        }
    }

    private static KhoPreservedBlock block(PhysMem mem, long leaf, int bit, long key) {
        int order = KhoRadixKey.order(key);
        if (key == 0 || order < 0 || order > BuddyAllocator.MAX_PAGE_ORDER) {
            String at = key == 0 ? "has no order bit" : "has its order bit at " + (63 - Long.numberOfLeadingZeros(key));
            throw new KhoMapException(String.format("leaf 0x%x bit %d: key 0x%x %s (orders 0..%d put it at bits %d..%d)",
                    leaf, bit, key, at, BuddyAllocator.MAX_PAGE_ORDER, KhoRadixKey.ORDER_0_LOG2,
                    KhoRadixKey.ORDER_0_LOG2 - BuddyAllocator.MAX_PAGE_ORDER));
        }
        long pa = KhoRadixKey.pa(key);
        long size = Folio.PAGE_SIZE << order;
        if (pa + size > mem.size() || pa + size < pa) {
            throw new KhoMapException(String.format("leaf 0x%x bit %d: preserved block 0x%x order %d is outside RAM",
                    leaf, bit, pa, order));
        }
        return new KhoPreservedBlock(pa, order);
    }

    private static void checkPointer(PhysMem mem, long pa, String where, Set<Long> seen) {
        if ((pa & (Folio.PAGE_SIZE - 1)) != 0) {
            throw new KhoMapException(String.format("%s: pointer 0x%x is not page aligned", where, pa));
        }
        if (pa <= 0 || pa + Folio.PAGE_SIZE > mem.size()) {
            throw new KhoMapException(String.format("%s: pointer 0x%x is outside RAM (0x%x bytes)", where, pa, mem.size()));
        }
        if (!seen.add(pa)) {
            throw new KhoMapException(String.format("%s: pointer 0x%x revisits a page already in the tree", where, pa));
        }
    }
}
