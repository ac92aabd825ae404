// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.KhoMapException;
import org.khoemu.kernel.kho.KhoPopulateChecks;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.radix.KhoRadixMemMap;
import org.khoemu.kernel.kho.v1.KhoBitmapEntry;
import org.khoemu.kernel.kho.v1.KhoMemChunk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The preserved-memory map, read without any kernel. kho-v1: the {@code khoser_mem_chunk} list
 * (one page each: {@code next} u64 @0, {@code order} u32 @8, {@code num_elms} u32 @12, then
 * {@code num_elms} x {phys_start u64, bitmap u64}) and the one-page bitmaps it points to.
 * kho-v2+: the radix tree, walked by the same checks kernel B makes ({@link #radixPages} are its
 * node and leaf pages; {@link #chunks} is empty). Summarised per order as blocks and bytes;
 * {@link #blocks} maps each preserved block's physical address to its order, as the next
 * kernel learns it.
 */
public record KhoMemMapSummary(List<Chunk> chunks, Map<Integer, long[]> perOrder, Map<Long, Integer> blocks,
                               List<Long> radixPages) {
    /** {@code sizeof(struct kho_mem_phys_bits)}: one page of bits. */
    public static final int BITMAP_BYTES = 4096;
    /** The largest order the model's buddy allocator hands out (MAX_PAGE_ORDER on x86). */
    static final int MAX_ORDER = 10;
    /** A chain longer than this is taken to be corrupt (it would describe > 1 TiB at order 0). */
    static final int MAX_CHUNKS = 8192;

    /** One chunk page: its address, order and element count. */
    public record Chunk(long pa, long next, int order, int numElms) {
    }

    public long blockCount(int order) {
        long[] v = perOrder.get(order);
        return v == null ? 0 : v[0];
    }

    public long totalBytes() {
        return perOrder.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** The map at {@code map} in the format of generation {@code g}. */
    public static KhoMemMapSummary walk(FieldReader r, KhoGeneration g, long map) {
        return g.memMap().isLive() ? walkRadix(r, map) : walk(r, map);
    }

    /**
     * kho-v2+: kernel B's own walk, so a tree it would refuse is refused here with its words.
     * Every pointer it follows was checked against RAM before it was read.
     */
    static KhoMemMapSummary walkRadix(FieldReader r, long root) {
        Set<Long> pages = new LinkedHashSet<>();
        List<KhoPreservedBlock> found;
        try {
            found = KhoRadixMemMap.INSTANCE.walk(r.mem(), root, pages);
        } catch (KhoMapException e) {
            throw ImageFormatException.at("preserved-memory-map", root, "kernel B would refuse this handover: "
                    + KernelBRefusals.KHO + KhoPopulateChecks.damagedMapMessage(e.getMessage()));
        }
        Map<Integer, long[]> perOrder = new TreeMap<>();
        PreservedBlockMap.Builder blocks = new PreservedBlockMap.Builder();
        for (KhoPreservedBlock b : found) {
            long[] acc = perOrder.computeIfAbsent(b.order(), o -> new long[2]);
            acc[0]++;
            acc[1] += b.size();
            blocks.put(b.pa(), b.order());
        }
        return new KhoMemMapSummary(List.of(), perOrder, blocks.build(), List.copyOf(pages));
    }

    /** kho-v1: the chunk list starting at {@code firstChunk} (0: nothing preserved). */
    public static KhoMemMapSummary walk(FieldReader r, long firstChunk) {
        List<Chunk> chunks = new ArrayList<>();
        Map<Integer, long[]> perOrder = new TreeMap<>();
        PreservedBlockMap.Builder blocks = new PreservedBlockMap.Builder();
        Set<Long> seen = new HashSet<>();
        long pa = firstChunk;
        String link = "preserved-memory-map";
        long linkPa = firstChunk;
        while (pa != 0) {
            FieldReader.require((pa & 0xfff) == 0, link, linkPa, "chunk address 0x%x is not page aligned", pa);
            FieldReader.require(seen.add(pa), link, linkPa, "chunk 0x%x closes a loop", pa);
            FieldReader.require(chunks.size() < MAX_CHUNKS, link, linkPa, "more than %d chunks", MAX_CHUNKS);
            String name = "khoser_mem_chunk[" + chunks.size() + "]";
            r.checkRange(pa, KhoMemChunk.SIZE, name);
            long chunkPa = pa;
            KhoMemChunk c = r.struct(pa, KhoMemChunk.HDR_SIZE, name + ".hdr", () -> KhoMemChunk.readFrom(r.mem(), chunkPa));
            long next = c.next();
            int order = c.order();
            int n = c.numElms();
            FieldReader.require(order >= 0 && order <= MAX_ORDER, name + ".hdr.order", pa + KhoMemChunk.OFF_ORDER,
                    "%d, expected 0..%d", order, MAX_ORDER);
            FieldReader.require(n >= 0 && n <= KhoMemChunk.KHOSER_BITMAP_SIZE, name + ".hdr.num_elms",
                    pa + KhoMemChunk.OFF_NUM_ELMS, "%d, expected 0..%d", n, KhoMemChunk.KHOSER_BITMAP_SIZE);
            long[] acc = perOrder.computeIfAbsent(order, o -> new long[2]);
            for (int i = 0; i < n; i++) {
                long e = KhoMemChunk.entryAddress(pa, i);
                String en = name + ".bitmaps[" + i + "]";
                KhoBitmapEntry be = r.struct(e, KhoBitmapEntry.SIZE, en, () -> KhoBitmapEntry.readFrom(r.mem(), e));
                long start = be.physStart();
                long bm = be.bitmap();
                FieldReader.require((bm & 0xfff) == 0, en + ".bitmap", e + KhoBitmapEntry.OFF_BITMAP,
                        "0x%x is not page aligned", bm);
                byte[] bits = r.bytes(bm, BITMAP_BYTES, en + ".bitmap");
                long count = 0;
                long blockSize = 4096L << order;
                for (int bit = 0; bit < bits.length * 8; bit++) {
                    if ((bits[bit >> 3] & (1 << (bit & 7))) != 0) {
                        blocks.put(start + bit * blockSize, order);
                        count++;
                    }
                }
                acc[0] += count;
                acc[1] += count * (4096L << order);
            }
            chunks.add(new Chunk(pa, next, order, n));
            link = name + ".hdr.next";
            linkPa = pa + KhoMemChunk.OFF_NEXT;
            pa = next;
        }
        return new KhoMemMapSummary(List.copyOf(chunks), perOrder, blocks.build(), List.of());
    }
}
