// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.RidesOnKho;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.KhoData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

/** kho-v3+ raw blobs: {@code kho_add_subtree(name, blob, size)} and its retrieval (abi-reference 3.1). */
class KhoRawBlobTest {
    /** Little-endian u64 bytes, spelled out here rather than taken from the code under test. */
    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static Fdt rootOf(Kernel k) {
        return Fdt.fromBytes(k.mem().read(k.khoOut().rootFdtPa(), 4096));
    }

    private static KhoIn handOver(Kernel a, HeapPhysMem mem, KernelLog log) {
        KhoScratchAreas s = a.khoOut().scratch();
        return KhoIn.populate(mem, new Memblock(mem, new AllocationLog()), log, StepObserver.NONE,
                a.khoOut().generation(), new KhoData(a.khoOut().rootFdtPa(), 4096, s.arrayPa(), s.arraySize()));
    }

    @Test
    void rawBlobGetsPreservedDataAndBlobSizeAsRawLittleEndianU64() {
        HeapPhysMem mem = new HeapPhysMem(128 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho("kho-v4"));
        assertEquals("kho-v4", a.khoGeneration().name());
        long blob = a.khoOut().allocPreserve(24);
        a.khoOut().addSubtree("LUO", blob, 24);
        Fdt root = rootOf(a);
        assertTrue(root.nodeCheckCompatible(Fdt.ROOT, "kho-v4"));
        int node = root.subnode(Fdt.ROOT, "LUO");
        assertArrayEquals(le64(blob), root.getprop(node, "preserved-data"));
        assertArrayEquals(le64(24), root.getprop(node, "blob-size"));
        assertNull(root.getprop(node, "fdt"), "kho-v1's property name is gone");
        assertEquals(Errno.EEXIST, assertThrows(KernelException.class, () -> a.khoOut().addSubtree("LUO", blob, 8)).errno());

        KernelLog log = new KernelLog("B");
        KhoIn b = handOver(a, mem, log);
        assertTrue(b.isKhoBoot(), String.join("\n", log.lines()));
        assertEquals(new KhoSubtree(blob, 24), b.retrieveBlob("LUO"));
        assertEquals(blob, b.retrieveSubtree("LUO"));
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> b.retrieveBlob("absent")).errno());
    }

    @Test
    void anFdtSubtreeOnKhoV3RecordsItsTotalsize() {
        HeapPhysMem mem = new HeapPhysMem(128 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho("kho-v3"));
        long pa = a.khoOut().allocPreserve(4096);
        FdtWriter w = FdtWriter.create(4096);
        w.finishReservemap().beginNode("").propertyString("compatible", "memblock-v1").endNode().finish();
        byte[] fdt = w.toBytes();
        mem.write(pa, fdt);
        a.khoOut().addSubtree("memblock", pa);
        int totalsize = Fdt.fromBytes(fdt).totalSize();
        assertTrue(totalsize > 0 && totalsize < 4096);
        Fdt root = rootOf(a);
        assertArrayEquals(le64(totalsize), root.getprop(root.subnode(Fdt.ROOT, "memblock"), "blob-size"));
        assertEquals(new KhoSubtree(pa, totalsize), handOver(a, mem, new KernelLog("B")).retrieveBlob("memblock"));
    }

    @Test
    void khoV1AndV2KeepTheirFdtPathAndRefuseRawBlobs() {
        for (String g : new String[] {"kho-v1", "kho-v2"}) {
            HeapPhysMem mem = new HeapPhysMem(128 * MIB);
            Kernel a = g.equals("kho-v1") ? TestBoot.cold(mem, "kho=on") : TestBoot.cold(mem, "kho=on", new RidesOnKho(g));
            long pa = a.khoOut().allocPreserve(4096);
            assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> a.khoOut().addSubtree("raw", pa, 16)).errno());
            a.khoOut().addSubtree("sub", pa);
            Fdt root = rootOf(a);
            int node = root.subnode(Fdt.ROOT, "sub");
            assertArrayEquals(le64(pa), root.getprop(node, g.equals("kho-v1") ? "fdt" : "preserved-data"), g);
            assertNull(root.getprop(node, "blob-size"), g);
            assertTrue(root.subnode(Fdt.ROOT, "raw") < 0, g + ": the refused child was not left behind");
            a.khoOut().finalizeKho();
            KhoIn b = handOver(a, mem, new KernelLog("B"));
            assertEquals(new KhoSubtree(pa, 0), b.retrieveBlob("sub"), g);
        }
    }

    @Test
    void missingOrShortBlobSizeIsEinval() {
        HeapPhysMem mem = new HeapPhysMem(16 << 20);
        FdtWriter w = FdtWriter.create(4096);
        w.finishReservemap().beginNode("").propertyString("compatible", "kho-v4")
                .propertyRawU64("preserved-memory-map", 0x200000);
        w.beginNode("nosize").propertyRawU64("preserved-data", 0x1000).endNode();
        w.beginNode("short").propertyRawU64("preserved-data", 0x1000).propertyRawU32("blob-size", 8).endNode();
        w.beginNode("v1name").propertyRawU64("fdt", 0x1000).propertyRawU64("blob-size", 8).endNode();
        w.beginNode("good").propertyRawU64("preserved-data", 0x345000).propertyRawU64("blob-size", 32).endNode();
        w.endNode().finish();
        mem.write(0x100000, w.toBytes());
        new KhoScratch(0x400000, 0x200000).writeTo(mem, 0x101000);
        KernelLog log = new KernelLog("B");
        KhoIn in = KhoIn.populate(mem, new Memblock(mem, new AllocationLog()), log, StepObserver.NONE,
                KhoGenerations.KHO_V4, new KhoData(0x100000, 4096, 0x101000, KhoScratch.SIZE));
        assertTrue(in.isKhoBoot(), String.join("\n", log.lines()));
        assertEquals(new KhoSubtree(0x345000, 32), in.retrieveBlob("good"));
        for (String bad : new String[] {"nosize", "short", "v1name"}) {
            KernelException e = assertThrows(KernelException.class, () -> in.retrieveBlob(bad));
            assertEquals(Errno.EINVAL, e.errno(), bad);
        }
        assertEquals(0x1000, in.retrieveSubtree("nosize"), "the address alone is still there");
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> in.retrieveBlob("absent")).errno());
    }

    @Test
    void fromKhoV3APropertyThatDoesNotFitTakesItsNodeAlong() {
        HeapPhysMem mem = new HeapPhysMem(1 << 20);
        long pa = 0x10000;
        KhoRootFdt root = new KhoRootFdt(mem, pa, KhoGenerations.KHO_V3);
        root.setup(0x20000);
        for (int i = 0; free(mem, pa) > 300; i++) {
            root.addChild(String.format("%04d", i) + "n".repeat(Math.min(196, free(mem, pa) - 304)), 0x100000L + i * 0x1000L, 8);
        }
        int free = free(mem, pa);
        // node (8 + padded name) and the 20-byte preserved-data fit; the 20-byte blob-size does not
        int padded = (free - 8 - 20) / 4 * 4;
        String name = "z".repeat(padded - 1);
        KernelException e = assertThrows(KernelException.class, () -> root.addChild(name, 0xabc000, 16));
        assertEquals(Errno.ENOMEM, e.errno());
        assertTrue(!root.hasChild(name), "the half-built node is deleted (kho-v3's fix)");
        root.addChild("short", 0xabc000, 16);
        assertEquals(0xabc000L, root.children().get("short"));
    }

    /** Room left in the root page once packed. */
    private static int free(HeapPhysMem mem, long pa) {
        return 4096 - Fdt.fromBytes(mem.read(pa, 4096)).totalSize();
    }

    @Test
    void aKernelRefusesAnotherGenerationsRootFdt() {
        HeapPhysMem mem = new HeapPhysMem(128 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho("kho-v4"));
        KhoScratchAreas s = a.khoOut().scratch();
        KernelLog log = new KernelLog("B");
        KhoIn in = KhoIn.populate(mem, new Memblock(mem, new AllocationLog()), log, StepObserver.NONE,
                KhoGenerations.KHO_V1, new KhoData(a.khoOut().rootFdtPa(), 4096, s.arrayPa(), s.arraySize()));
        assertTrue(!in.isKhoBoot());
        assertTrue(log.contains("is incompatible with 'kho-v1'"), String.join("\n", log.lines()));
    }
}
