// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.mm.Folio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * {@code struct kho_mem_track}: per order, a sparse array of one-page bitmaps indexed by
 * {@code (pfn >> order) / PRESERVE_BITS}. Bits are kept in Java while the kernel runs; each
 * bitmap owns the RAM page it is copied into at finalize, allocated when the bitmap is first
 * needed (as the kernel's {@code get_zeroed_page}), so that allocation can fail with ENOMEM.
 */
public final class KhoMemTrack {
    /** {@code PRESERVE_BITS} = PAGE_SIZE * 8. */
    public static final int PRESERVE_BITS = 32768;

    /** One {@code kho_mem_phys_bits}: its RAM page and its bits. */
    public record Bitmap(long pa, long[] bits) {
        public boolean get(int bit) {
            return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
        }
    }

    private final TreeMap<Integer, TreeMap<Long, Bitmap>> orders = new TreeMap<>();
    private final LongSupplier bitmapPageAlloc;

    /** {@code bitmapPageAlloc} returns a zeroed page or throws {@code KernelException(ENOMEM)}. */
    public KhoMemTrack(LongSupplier bitmapPageAlloc) {
        this.bitmapPageAlloc = bitmapPageAlloc;
    }

    /** {@code __kho_preserve_order}. */
    public void preserve(long pfn, int order) {
        long high = pfn >>> order;
        TreeMap<Long, Bitmap> perOrder = orders.computeIfAbsent(order, o -> new TreeMap<>());
        Bitmap bm = perOrder.get(high / PRESERVE_BITS);
        if (bm == null) {
            bm = new Bitmap(bitmapPageAlloc.getAsLong(), new long[PRESERVE_BITS / 64]);
            perOrder.put(high / PRESERVE_BITS, bm);
        }
        int bit = (int) (high % PRESERVE_BITS);
        bm.bits[bit >>> 6] |= 1L << (bit & 63);
    }

    /** {@code __kho_unpreserve_order}; false when no bitmap covers it (the kernel WARNs). */
    public boolean unpreserve(long pfn, int order) {
        long high = pfn >>> order;
        TreeMap<Long, Bitmap> perOrder = orders.get(order);
        Bitmap bm = perOrder == null ? null : perOrder.get(high / PRESERVE_BITS);
        if (bm == null) {
            return false;
        }
        int bit = (int) (high % PRESERVE_BITS);
        bm.bits[bit >>> 6] &= ~(1L << (bit & 63));
        return true;
    }

    public boolean isPreserved(long pfn, int order) {
        long high = pfn >>> order;
        TreeMap<Long, Bitmap> perOrder = orders.get(order);
        Bitmap bm = perOrder == null ? null : perOrder.get(high / PRESERVE_BITS);
        return bm != null && bm.get((int) (high % PRESERVE_BITS));
    }

    /** Orders ascending, each with its bitmaps by index ascending (the xarray walk order). */
    public NavigableMap<Integer, TreeMap<Long, Bitmap>> orders() {
        return Collections.unmodifiableNavigableMap(orders);
    }

    /** Number of preserved blocks (set bits). */
    public long count() {
        long n = 0;
        for (TreeMap<Long, Bitmap> perOrder : orders.values()) {
            for (Bitmap bm : perOrder.values()) {
                for (long w : bm.bits) {
                    n += Long.bitCount(w);
                }
            }
        }
        return n;
    }

    /** Every preserved block, by order then address. */
    public List<KhoPreservedBlock> blocks() {
        List<KhoPreservedBlock> out = new ArrayList<>();
        orders.forEach((order, perOrder) -> perOrder.forEach((idx, bm) -> {
            for (int word = 0; word < bm.bits.length; word++) {
                for (long w = bm.bits[word]; w != 0; w &= w - 1) {
                    long bit = word * 64L + Long.numberOfTrailingZeros(w);
                    out.add(new KhoPreservedBlock(physStart(idx, order) + (bit << (order + Folio.PAGE_SHIFT)), order));
                }
            }
        }));
        return out;
    }

    /** Physical address covered by bit 0 of bitmap {@code idx} of {@code order}. */
    public static long physStart(long idx, int order) {
        return (idx * PRESERVE_BITS) << (order + Folio.PAGE_SHIFT);
    }
}
