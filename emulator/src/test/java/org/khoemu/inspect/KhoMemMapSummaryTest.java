// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.HeapPhysMem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KhoMemMapSummaryTest {
    static final long C0 = 0x10000;
    static final long C1 = 0x11000;
    static final long BM0 = 0x20000;
    static final long BM1 = 0x21000;
    static final long BM2 = 0x22000;

    /** Two chunks: order 0 with two bitmaps (3 + 1 bits), order 4 with one bitmap (2 bits). */
    static HeapPhysMem twoChunks() {
        HeapPhysMem m = new HeapPhysMem(1 << 20);
        m.write64(C0, C1);
        m.write32(C0 + 8, 0);
        m.write32(C0 + 12, 2);
        m.write64(C0 + 16, 0);
        m.write64(C0 + 24, BM0);
        m.write64(C0 + 32, 128L << 20);
        m.write64(C0 + 40, BM1);
        m.write8(BM0, (byte) 0b1011);
        m.write8(BM1 + 4095, (byte) 0x80);
        m.write64(C1, 0);
        m.write32(C1 + 8, 4);
        m.write32(C1 + 12, 1);
        m.write64(C1 + 16, 0);
        m.write64(C1 + 24, BM2);
        m.write16(BM2 + 10, (short) 0x0101);
        return m;
    }

    @Test
    void countsBlocksAndBytesPerOrder() {
        KhoMemMapSummary s = KhoMemMapSummary.walk(new FieldReader(twoChunks()), C0);
        assertEquals(2, s.chunks().size());
        assertEquals(4, s.blockCount(0));
        assertEquals(2, s.blockCount(4));
        assertEquals(0, s.blockCount(1));
        assertEquals(4 * 4096 + 2 * 65536, s.totalBytes());
        assertEquals(C1, s.chunks().get(0).next());
        // bit 0,1,3 of the first order-0 bitmap; bit 32767 of the second (starting at 128 MiB)
        assertEquals(0, s.blocks().get(0L));
        assertEquals(0, s.blocks().get(0x3000L));
        assertEquals(null, s.blocks().get(0x2000L));
        assertEquals(0, s.blocks().get((128L << 20) + 32767L * 4096));
        // order 4: bits 80 and 88 (byte 10 = 0x01, byte 11 = 0x01)
        assertEquals(4, s.blocks().get(80L * 65536));
        assertEquals(4, s.blocks().get(88L * 65536));
        assertEquals(6, s.blocks().size());
    }

    @Test
    void emptyMap() {
        assertEquals(0, KhoMemMapSummary.walk(new FieldReader(twoChunks()), 0).totalBytes());
    }

    static void assertFails(String expected, HeapPhysMem m) {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> KhoMemMapSummary.walk(new FieldReader(m), C0));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void tooManyElements() {
        HeapPhysMem m = twoChunks();
        m.write32(C1 + 12, 256);
        assertFails("khoser_mem_chunk[1].hdr.num_elms at 0x1100c: 256, expected 0..255", m);
    }

    @Test
    void loopingList() {
        HeapPhysMem m = twoChunks();
        m.write64(C1, C0);
        assertFails("khoser_mem_chunk[1].hdr.next at 0x11000: chunk 0x10000 closes a loop", m);
    }

    @Test
    void bitmapOutsideRam() {
        HeapPhysMem m = twoChunks();
        m.write64(C0 + 40, 0x4000_0000L);
        assertFails("khoser_mem_chunk[0].bitmaps[1].bitmap at 0x40000000: 0x1000 bytes there are outside RAM [0, 0x100000)", m);
    }

    @Test
    void absurdOrder() {
        HeapPhysMem m = twoChunks();
        m.write32(C1 + 8, 40);
        assertFails("khoser_mem_chunk[1].hdr.order at 0x11008: 40, expected 0..10", m);
    }
}
