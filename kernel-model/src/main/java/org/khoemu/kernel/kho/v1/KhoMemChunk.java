// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.v1;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct khoser_mem_chunk} header (kho-v1), at offset 0 of a one-page chunk:
 * {@code next} u64 @0, {@code order} u32 @8, {@code num_elms} u32 @12; then
 * {@link #KHOSER_BITMAP_SIZE} {@link KhoBitmapEntry} entries from @16.
 */
public record KhoMemChunk(long next, int order, int numElms) {
    public static final int SIZE = KhoV1Layout.KHOSER_MEM_CHUNK.size();
    public static final int HDR_SIZE = KhoV1Layout.KHOSER_MEM_CHUNK_HDR.size();
    public static final int OFF_NEXT = KhoV1Layout.KHOSER_MEM_CHUNK.offset("hdr.next");
    public static final int OFF_ORDER = KhoV1Layout.KHOSER_MEM_CHUNK.offset("hdr.order");
    public static final int OFF_NUM_ELMS = KhoV1Layout.KHOSER_MEM_CHUNK.offset("hdr.num_elms");
    public static final int OFF_BITMAPS = KhoV1Layout.KHOSER_MEM_CHUNK.offset("bitmaps");
    /** (4096 - 16) / 16 entries per chunk. */
    public static final int KHOSER_BITMAP_SIZE = KhoV1Layout.KHOSER_BITMAP_SIZE;

    public static KhoMemChunk readFrom(PhysMem mem, long pa) {
        return new KhoMemChunk(mem.read64(pa + OFF_NEXT), mem.read32(pa + OFF_ORDER), mem.read32(pa + OFF_NUM_ELMS));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_NEXT, next);
        mem.write32(pa + OFF_ORDER, order);
        mem.write32(pa + OFF_NUM_ELMS, numElms);
    }

    /** Physical address of entry {@code i} of the chunk at {@code chunk}. */
    public static long entryAddress(long chunk, int i) {
        return chunk + OFF_BITMAPS + (long) KhoBitmapEntry.SIZE * i;
    }
}
