// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspector on kho-v2+ bytes: the generation comes from the root FDT's compatible, children
 * are read by its property names, and the map is a radix tree written here by hand from
 * abi-reference 3.3 (key = (1 << (52 - order)) | (pa >> (12 + order)); 9 key bits per level
 * above the 15 of the leaf).
 */
class KhoRadixSummaryTest {
    static final long ROOT = 0x10000;

    /**
     * An order-0 block at 0x5000 (key 1<<52 | 5: root slot 2, then slots 0, leaf bit 5) and an
     * order-2 block at 0x40000 (key 1<<50 | 0x10: root slot 0, level-4 slot 256, leaf bit 16).
     */
    static HeapPhysMem twoBlocks() {
        HeapPhysMem m = new HeapPhysMem(1 << 20);
        long[] a = {ROOT, 0x11000, 0x12000, 0x13000, 0x14000, 0x15000};
        m.write64(a[0] + 8 * 2, a[1]);
        for (int i = 1; i < 5; i++) {
            m.write64(a[i], a[i + 1]);
        }
        m.write8(a[5], (byte) (1 << 5));
        long[] b = {ROOT, 0x16000, 0x17000, 0x18000, 0x19000, 0x1a000};
        m.write64(b[0], b[1]);
        m.write64(b[1] + 8 * 256, b[2]);
        for (int i = 2; i < 5; i++) {
            m.write64(b[i], b[i + 1]);
        }
        m.write8(b[5] + 2, (byte) 1);
        return m;
    }

    @Test
    void radixTreeIsSummarisedPerOrderWithItsPages() {
        KhoMemMapSummary s = KhoMemMapSummary.walk(new FieldReader(twoBlocks()), KhoGenerations.KHO_V2, ROOT);
        assertEquals(Map.of(0x5000L, 0, 0x40000L, 2), Map.copyOf(s.blocks()));
        assertEquals(1, s.blockCount(0));
        assertEquals(1, s.blockCount(2));
        assertEquals(4096 + 16384, s.totalBytes());
        assertEquals(11, s.radixPages().size());
        assertEquals(List.of(), s.chunks());
    }

    @Test
    void aTreeKernelBWouldRefuseIsRefusedInItsWords() {
        HeapPhysMem m = twoBlocks();
        m.write64(0x19000, 0x1a008);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> KhoMemMapSummary.walk(new FieldReader(m), KhoGenerations.KHO_V4, ROOT));
        assertEquals("preserved-memory-map at 0x10000: kernel B would refuse this handover: KHO: disabling KHO revival: "
                + "damaged preserved memory map: level-1 node 0x19000 slot 0: pointer 0x1a008 is not page aligned",
                e.getMessage());
    }

    private static FdtBlob root(HeapPhysMem m, String compat, boolean blobSize) {
        FdtWriter w = FdtWriter.create(4096);
        w.finishReservemap().beginNode("").propertyString("compatible", compat).propertyRawU64("preserved-memory-map", ROOT);
        w.beginNode("LUO").propertyRawU64("preserved-data", 0x30000);
        if (blobSize) {
            w.propertyRawU64("blob-size", 32);
        }
        w.endNode().endNode().finish();
        m.write(0x80000, w.toBytes());
        return FdtBlob.read(new FieldReader(m), "KHO FDT", 0x80000, 4096);
    }

    @Test
    void childrenAreReadByTheGenerationsPropertyNames() {
        HeapPhysMem m = twoBlocks();
        FdtBlob v3 = root(m, "kho-v3", true);
        assertSame(KhoGenerations.KHO_V3, KhoRootGeneration.of(v3));
        int node = v3.children().get("LUO");
        assertEquals(0x30000, KhoRootGeneration.address(v3, KhoGenerations.KHO_V3, node, "LUO"));
        assertEquals(32, KhoRootGeneration.size(v3, KhoGenerations.KHO_V3, node, "LUO"));
        assertEquals(0, KhoRootGeneration.size(v3, KhoGenerations.KHO_V2, node, "LUO"));

        FdtBlob noSize = root(m, "kho-v4", false);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> KhoRootGeneration.size(noSize, KhoGenerations.KHO_V4, noSize.children().get("LUO"), "LUO"));
        assertEquals("KHO FDT /LUO blob-size at 0x80000: missing", e.getMessage());
        e = assertThrows(ImageFormatException.class,
                () -> KhoRootGeneration.address(noSize, KhoGenerations.KHO_V1, noSize.children().get("LUO"), "LUO"));
        assertEquals("KHO FDT /LUO fdt at 0x80000: missing", e.getMessage(), "kho-v1 names it fdt");
    }

    @Test
    void theLuoFdtIsFoundThroughPreservedData() {
        HeapPhysMem m = twoBlocks();
        root(m, "kho-v2", false);
        FdtWriter w = FdtWriter.create(4096);
        w.finishReservemap().beginNode("").propertyString("compatible", "luo-v1").endNode().finish();
        m.write(0x30000, w.toBytes());
        FdtBlob luo = org.khoemu.emu.dump.HandoverFdts.luo(m, 0, 0x80000);
        assertEquals(0x30000, luo.pa());
        assertEquals("luo-v1", luo.string(0, "/", "compatible"));
    }

    @Test
    void anUnknownCompatibleNamesTheKnownGenerations() {
        FdtBlob v9 = root(twoBlocks(), "kho-v9", false);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> KhoRootGeneration.of(v9));
        assertEquals("KHO FDT / compatible at 0x80000: \"kho-v9\", expected one of kho-v1, kho-v2, kho-v3, kho-v4",
                e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0);
    }
}
