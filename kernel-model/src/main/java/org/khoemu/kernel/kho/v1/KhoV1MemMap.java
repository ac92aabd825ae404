// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.v1;

import org.khoemu.kernel.KernelException;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * kho-v1: the tracker becomes a linked list of {@code khoser_mem_chunk} pages, one run of chunks
 * per order (a new chunk also whenever one fills), each entry pointing at a bitmap page. Chunk
 * pages are ordinary allocations, not preserved: the next kernel reads them while it still
 * allocates only from scratch.
 */
public final class KhoV1MemMap implements KhoMemMapFormat {
    public static final String KHO_FDT_COMPATIBLE = KhoV1Layout.LAYOUT.text("KHO_FDT_COMPATIBLE");
    public static final String PROP_SUB_FDT = KhoV1Layout.LAYOUT.text("PROP_SUB_FDT");

    @Override
    public long serialize(KhoMemTrack track, PhysMem mem, BuddyAllocator pages) {
        long first = 0;
        long chunk = 0;
        int used = 0;
        try {
            for (Map.Entry<Integer, TreeMap<Long, KhoMemTrack.Bitmap>> e : track.orders().entrySet()) {
                int order = e.getKey();
                chunk = newChunk(mem, pages, chunk, order);
                used = 0;
                if (first == 0) {
                    first = chunk;
                }
                for (Map.Entry<Long, KhoMemTrack.Bitmap> b : e.getValue().entrySet()) {
                    if (used == KhoMemChunk.KHOSER_BITMAP_SIZE) {
                        chunk = newChunk(mem, pages, chunk, order);
                        used = 0;
                    }
                    writeBitmap(mem, b.getValue());
                    new KhoBitmapEntry(KhoMemTrack.physStart(b.getKey(), order), b.getValue().pa())
                            .writeTo(mem, KhoMemChunk.entryAddress(chunk, used));
                    used++;
                    mem.write32(chunk + KhoMemChunk.OFF_NUM_ELMS, used);
                }
            }
        } catch (KernelException ex) {
            free(first, mem, pages);
            throw ex;
        }
        return first;
    }

    private static long newChunk(PhysMem mem, BuddyAllocator pages, long prev, int order) {
        long chunk = pages.allocFolio(0, true, "kho_mem_serialize").pa();
        new KhoMemChunk(0, order, 0).writeTo(mem, chunk);
        if (prev != 0) {
            mem.write64(prev + KhoMemChunk.OFF_NEXT, chunk);
        }
        return chunk;
    }

    private static void writeBitmap(PhysMem mem, KhoMemTrack.Bitmap bm) {
        ByteBuffer w = mem.window(bm.pa(), (int) Folio.PAGE_SIZE);
        for (int i = 0; i < bm.bits().length; i++) {
            w.putLong(i * 8, bm.bits()[i]);
        }
    }

    @Override
    public void free(long map, PhysMem mem, BuddyAllocator pages) {
        long chunk = map;
        while (chunk != 0) {
            long next = mem.read64(chunk + KhoMemChunk.OFF_NEXT);
            pages.folioPut(new Folio(chunk, 0));
            chunk = next;
        }
    }

    @Override
    public List<KhoPreservedBlock> walk(PhysMem mem, long map) {
        List<KhoPreservedBlock> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long chunk = map;
        while (chunk != 0) {
            checkPage(mem, chunk, "chunk");
            if (!seen.add(chunk)) {
                throw new KhoMapException(String.format("chunk list loops back to 0x%x", chunk));
            }
            KhoMemChunk hdr = KhoMemChunk.readFrom(mem, chunk);
            if (hdr.order() < 0 || hdr.order() > BuddyAllocator.MAX_PAGE_ORDER) {
                throw new KhoMapException(String.format("chunk 0x%x has order %d", chunk, hdr.order()));
            }
            if (hdr.numElms() < 0 || hdr.numElms() > KhoMemChunk.KHOSER_BITMAP_SIZE) {
                throw new KhoMapException(String.format("chunk 0x%x has %d entries (max %d)", chunk,
                        hdr.numElms(), KhoMemChunk.KHOSER_BITMAP_SIZE));
            }
            for (int i = 0; i < hdr.numElms(); i++) {
                readEntry(mem, KhoBitmapEntry.readFrom(mem, KhoMemChunk.entryAddress(chunk, i)), hdr.order(), out);
            }
            chunk = hdr.next();
        }
        return out;
    }

    private static void readEntry(PhysMem mem, KhoBitmapEntry e, int order, List<KhoPreservedBlock> out) {
        checkPage(mem, e.bitmap(), "bitmap");
        long span = (long) KhoMemTrack.PRESERVE_BITS << (order + Folio.PAGE_SHIFT);
        if (e.physStart() < 0 || e.physStart() % span != 0) {
            throw new KhoMapException(String.format("bitmap start 0x%x is not a multiple of 0x%x", e.physStart(), span));
        }
        ByteBuffer w = mem.window(e.bitmap(), (int) Folio.PAGE_SIZE);
        long blockSize = Folio.PAGE_SIZE << order;
        for (int word = 0; word < KhoMemTrack.PRESERVE_BITS / 64; word++) {
            long bits = w.getLong(word * 8);
            while (bits != 0) {
                int bit = word * 64 + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                long pa = e.physStart() + ((long) bit << (order + Folio.PAGE_SHIFT));
                if (pa + blockSize > mem.size() || pa + blockSize < pa) {
                    throw new KhoMapException(String.format("preserved block 0x%x order %d is outside RAM", pa, order));
                }
                out.add(new KhoPreservedBlock(pa, order));
            }
        }
    }

    private static void checkPage(PhysMem mem, long pa, String what) {
        if (pa <= 0 || (pa & (Folio.PAGE_SIZE - 1)) != 0 || pa + Folio.PAGE_SIZE > mem.size()) {
            throw new KhoMapException(String.format("%s pointer 0x%x is not a page in RAM", what, pa));
        }
    }
}
