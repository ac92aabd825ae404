// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.v1;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.KhoMapException;
import org.khoemu.kernel.kho.KhoMemTrack;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

class KhoV1LayoutTest {
    @Test
    void chunkAndEntryLayoutArePinned() {
        assertEquals(4096, KhoMemChunk.SIZE);
        assertEquals(0, KhoMemChunk.OFF_NEXT);
        assertEquals(8, KhoMemChunk.OFF_ORDER);
        assertEquals(12, KhoMemChunk.OFF_NUM_ELMS);
        assertEquals(16, KhoMemChunk.OFF_BITMAPS);
        assertEquals(255, KhoMemChunk.KHOSER_BITMAP_SIZE);
        assertEquals(16, KhoBitmapEntry.SIZE);
        assertEquals(0, KhoBitmapEntry.OFF_PHYS_START);
        assertEquals(8, KhoBitmapEntry.OFF_BITMAP);
        assertEquals(16 + 255 * 16, (int) (KhoMemChunk.entryAddress(0, 255)));
        HeapPhysMem m = new HeapPhysMem(8192);
        new KhoMemChunk(0x1122334455667788L, 7, 200).writeTo(m, 4096);
        assertEquals(0x88, m.read8(4096) & 0xff);
        assertEquals(7, m.read32(4096 + 8));
        assertEquals(200, m.read32(4096 + 12));
        new KhoBitmapEntry(0x8000000L, 0x5000L).writeTo(m, KhoMemChunk.entryAddress(4096, 1));
        assertEquals(0x8000000L, m.read64(4096 + 32));
        assertEquals(0x5000L, m.read64(4096 + 40));
        assertEquals(new KhoBitmapEntry(0x8000000L, 0x5000L), KhoBitmapEntry.readFrom(m, 4096 + 32));
    }

    @Test
    void finalizeWritesTheBitForPaAndOrderInRam() {
        Kernel k = TestBoot.cold(256 * MIB, "kho=on");
        Folio f = k.pages().allocFolio(3, false, "t");
        k.khoOut().preserveFolio(f);
        k.khoOut().finalizeKho();
        long chunk = k.khoOut().rootFdt().memMap();
        boolean found = false;
        for (; chunk != 0; chunk = k.mem().read64(chunk)) {
            KhoMemChunk c = KhoMemChunk.readFrom(k.mem(), chunk);
            if (c.order() != 3) {
                continue;
            }
            assertEquals(1, c.numElms());
            KhoBitmapEntry e = KhoBitmapEntry.readFrom(k.mem(), KhoMemChunk.entryAddress(chunk, 0));
            // order 3 bitmap k covers (k * 32768) << 15 bytes; this folio lies in bitmap 0
            long bit = (f.pa() - e.physStart()) >>> (12 + 3);
            assertEquals(0, e.physStart());
            assertEquals(f.pa() >>> 15, bit);
            int b = k.mem().read8(e.bitmap() + bit / 8);
            assertEquals(1 << (bit % 8), b & 0xff);
            found = true;
        }
        assertTrue(found);
        assertTrue(new KhoV1MemMap().walk(k.mem(), k.khoOut().rootFdt().memMap())
                .contains(new KhoPreservedBlock(f.pa(), 3)));
    }

    @Test
    void secondBitmapOfAnOrderStartsWhereTheFirstEnds() {
        // bitmap k of order o covers [(k * 32768) << (o + 12), ...): k = 1 is 128 MiB at order 0, 1 GiB at order 3
        assertEquals(128 * MIB, KhoMemTrack.physStart(1, 0));
        assertEquals(1L << 30, KhoMemTrack.physStart(1, 3));
        assertEquals(3 * (1L << 30), KhoMemTrack.physStart(3, 3));
        Kernel k = TestBoot.cold(256 * MIB, "kho=on");
        long pa0 = 128 * MIB + 5 * 4096; // bit 5 of order-0 bitmap 1
        long pa3 = (1L << 30) + 9 * (8 * 4096L); // bit 9 of order-3 bitmap 1
        k.khoOut().track().preserve(pa0 >>> 12, 0);
        k.khoOut().track().preserve(pa3 >>> 12, 3);
        k.khoOut().finalizeKho();
        int seen = 0;
        for (long chunk = k.khoOut().rootFdt().memMap(); chunk != 0; chunk = k.mem().read64(chunk)) {
            KhoMemChunk c = KhoMemChunk.readFrom(k.mem(), chunk);
            for (int i = 0; i < c.numElms(); i++) {
                KhoBitmapEntry e = KhoBitmapEntry.readFrom(k.mem(), KhoMemChunk.entryAddress(chunk, i));
                if (e.physStart() == 0) {
                    continue; // bitmap 0 of order 0 holds the root FDT page
                }
                long expectStart = c.order() == 0 ? 128 * MIB : 1L << 30;
                int bit = c.order() == 0 ? 5 : 9;
                assertEquals(expectStart, e.physStart());
                assertEquals(1L << bit, k.mem().read64(e.bitmap()), "only this block's bit in the first word");
                seen++;
            }
        }
        assertEquals(2, seen);
        // the order-3 block lies beyond this machine's RAM, so the next kernel's walk refuses the map
        assertTrue(assertThrows(KhoMapException.class, () -> new KhoV1MemMap().walk(k.mem(), k.khoOut().rootFdt().memMap()))
                .getMessage().contains(String.format("0x%x order 3 is outside RAM", pa3)));
        k.khoOut().track().unpreserve(pa3 >>> 12, 3);
        k.khoOut().finalizeKho();
        assertTrue(new KhoV1MemMap().walk(k.mem(), k.khoOut().rootFdt().memMap()).contains(new KhoPreservedBlock(pa0, 0)));
    }

    @Test
    void newChunkPerOrderAndWhenFull() {
        Kernel k = TestBoot.cold(256 * MIB, "kho=on");
        // 256 distinct order-0 bitmaps need two chunks: pfns spaced by PRESERVE_BITS
        for (int i = 0; i < 256; i++) {
            k.khoOut().track().preserve((long) i * KhoMemTrack.PRESERVE_BITS, 0);
        }
        Folio f = k.pages().allocFolio(5, false, "t");
        k.khoOut().preserveFolio(f);
        k.khoOut().finalizeKho();
        List<KhoMemChunk> chunks = new ArrayList<>();
        for (long c = k.khoOut().rootFdt().memMap(); c != 0; c = k.mem().read64(c)) {
            chunks.add(KhoMemChunk.readFrom(k.mem(), c));
        }
        assertEquals(List.of(0, 0, 5), chunks.stream().map(KhoMemChunk::order).toList());
        assertEquals(List.of(255, 1, 1), chunks.stream().map(KhoMemChunk::numElms).toList());
        // those synthetic blocks reach 32 GiB: the reader refuses a map that points past RAM
        org.khoemu.kernel.kho.KhoMapException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.khoemu.kernel.kho.KhoMapException.class,
                () -> new KhoV1MemMap().walk(k.mem(), k.khoOut().rootFdt().memMap()));
        assertTrue(e.getMessage().contains("outside RAM"));
        // a second finalize replaces the map and frees the old chunks
        long before = k.pages().freePages();
        k.khoOut().finalizeKho();
        assertEquals(before, k.pages().freePages());
        k.pages().checkInvariants();
    }
}
