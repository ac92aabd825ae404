// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.HeapPhysMem;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KhoAbiLayoutTest {
    @Test
    void khoScratchEntry() {
        assertEquals(16, KhoScratch.SIZE);
        assertEquals(0, KhoScratch.OFF_ADDR);
        assertEquals(8, KhoScratch.OFF_SIZE);
        HeapPhysMem m = new HeapPhysMem(4096);
        new KhoScratch(0x40000000L, 0x2000000L).writeTo(m, 16);
        assertEquals(0x40000000L, m.read64(16));
        assertEquals(0x2000000L, m.read64(24));
        assertEquals(new KhoScratch(0x40000000L, 0x2000000L), KhoScratch.readFrom(m, 16));
    }

    @Test
    void khoVmallocChunkAndDescriptor() {
        assertEquals(4096, KhoVmallocChunk.SIZE);
        assertEquals(0, KhoVmallocChunk.OFF_NEXT);
        assertEquals(8, KhoVmallocChunk.OFF_PHYS);
        assertEquals(511, KhoVmallocChunk.KHO_VMALLOC_SIZE);
        assertEquals(4096, KhoVmallocChunk.OFF_PHYS + 8 * KhoVmallocChunk.KHO_VMALLOC_SIZE);
        HeapPhysMem m = new HeapPhysMem(4096);
        KhoVmallocChunk.setPhys(m, 0, 510, 0xabc000L);
        assertEquals(0xabc000L, m.read64(4088));
        assertEquals(16, KhoVmalloc.SIZE);
        new KhoVmalloc(0x123000L, 600, KhoVmalloc.KHO_VMALLOC_ALLOC, (short) 2).writeTo(m, 0);
        assertEquals(0x123000L, m.read64(0));
        assertEquals(600, m.read32(8));
        assertEquals(1, m.read16(12));
        assertEquals(2, m.read16(14));
    }

    @Test
    void pageInfoIsOrderLowMagicHigh() {
        long v = KhoPageInfo.encode(9);
        assertEquals(0x4b484f50_00000009L, v);
        assertEquals(KhoPageInfo.KHO_PAGE_MAGIC, KhoPageInfo.magic(v));
        assertEquals(9, KhoPageInfo.order(v));
    }

    @Test
    void scratchParameterParsing() {
        assertEquals(new KhoScratchSizing(150, 0, 0, 0), KhoScratchSizing.parse("150%"));
        assertEquals(new KhoScratchSizing(0, 16L << 20, 1L << 30, 0x2000), KhoScratchSizing.parse("16M,1G,0x2000"));
        assertEquals(512L << 10, KhoScratchSizing.memparse("512k"));
        assertEquals(8, KhoScratchSizing.memparse("010"));
        for (String bad : new String[] {"", "%", "12x%", "1M,2M", "0,0,0", "1M,2M,3Q", "1M,,3M", "1M,2M,3M,4M", "99999999999%"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> KhoScratchSizing.parse(bad), bad);
        }
    }
}
