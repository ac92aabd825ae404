// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.v1.KhoMemChunk;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.Vmalloc;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

class KhoIncomingTest {
    private final HeapPhysMem mem = new HeapPhysMem(128 * MIB);
    private final Kernel a = TestBoot.cold(mem, "kho=on");
    private long folio2;
    private long pages5;
    private KhoVmalloc vdesc;

    private long handOver() {
        folio2 = a.khoOut().allocPreserve(4 * 4096);
        mem.write64(folio2 + 8, 42);
        Folio p = a.pages().allocFolio(3, false, "t");
        pages5 = p.pa() + 4096;
        a.khoOut().preservePages(pages5, 5);
        VmallocArea v = Vmalloc.vzalloc(a.pages(), 3 * 4096, "t");
        Vmalloc.write64(mem, v, 2 * 4096 + 16, 77);
        vdesc = a.khoOut().preserveVmalloc(v);
        a.khoOut().finalizeKho();
        return TestBoot.kexec(a);
    }

    private KhoData khoData(long bp) {
        return KhoData.readFrom(mem, mem.read64(bp + BootParams.OFF_SETUP_DATA) + SetupData.SIZE);
    }

    @Test
    void restoreFolioChecksMagicAndOrderAndOnlyOnce() {
        Kernel b = TestBoot.handover(mem, handOver());
        KhoIn in = b.khoIn();
        assertNull(in.restoreFolio(folio2 + 4096), "a tail page carries no magic");
        Folio f = in.restoreFolio(folio2);
        assertEquals(new Folio(folio2, 2), f);
        assertEquals(42, mem.read64(folio2 + 8));
        assertNull(in.restoreFolio(folio2), "second restore fails");
        b.pages().folioPut(f);
        b.pages().checkInvariants();
        assertTrue(b.log().contains("WARNING: kho_restore_page"));
    }

    @Test
    void restorePagesMirrorsThePreservedSplit() {
        Kernel b = TestBoot.handover(mem, handOver());
        assertFalse(b.khoIn().restorePages(pages5 + 2 * 4096, 3), "a different split starts on a page without a head");
        assertTrue(b.khoIn().restorePages(pages5, 5));
        for (int i = 0; i < 5; i++) {
            b.pages().folioPut(new Folio(pages5 + i * 4096L, 0));
        }
        b.pages().checkInvariants();
    }

    @Test
    void restoreVmallocAndRestoreFree() {
        Kernel b = TestBoot.handover(mem, handOver());
        VmallocArea v = b.khoIn().restoreVmalloc(vdesc);
        assertNotNull(v);
        assertEquals(3, v.pieces().size());
        assertEquals(77, Vmalloc.read64(mem, v, 2 * 4096 + 16));
        assertNull(b.khoIn().restoreVmalloc(vdesc), "already restored");
        assertNull(b.khoIn().restoreVmalloc(new KhoVmalloc(vdesc.first(), 3, (short) 0x80, (short) 0)), "bad flags");
        long managed = b.pages().managedPages();
        b.khoIn().restoreFree(folio2);
        assertEquals(managed + 4, b.pages().managedPages());
        b.pages().checkInvariants();
    }

    @Test
    void retrieveSubtreeErrnos() {
        long blob = a.khoOut().allocPreserve(4096);
        a.khoOut().addSubtree("x", blob);
        Kernel b = TestBoot.handover(mem, handOver());
        assertEquals(blob, b.khoIn().retrieveSubtree("x"));
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> b.khoIn().retrieveSubtree("y")).errno());
        Kernel cold = TestBoot.cold(64 * MIB, "kho=on");
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> cold.khoIn().retrieveSubtree("x")).errno());
    }

    private void damagedGivesFreshBoot(BiConsumer<Long, KhoData> damage, String reason) {
        long bp = handOver();
        damage.accept(bp, khoData(bp));
        Kernel b = TestBoot.handover(mem, bp);
        assertFalse(b.khoIn().isKhoBoot());
        assertTrue(b.log().contains("KHO: disabling KHO revival: "), String.join("\n", b.log().lines()));
        assertTrue(b.log().contains(reason), String.join("\n", b.log().lines()));
        assertTrue(b.preservedBlocks().isEmpty());
        assertTrue(b.khoOut().isEnabled(), "a fresh KHO boot reserves new scratch");
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> b.khoIn().retrieveSubtree("x")).errno());
        b.pages().checkInvariants();
    }

    @Test
    void badFdtMagic() {
        damagedGivesFreshBoot((bp, d) -> mem.write32(d.fdtAddr(), 0x12345678), "is invalid");
    }

    @Test
    void wrongCompatible() {
        damagedGivesFreshBoot((bp, d) -> {
            byte[] page = mem.read(d.fdtAddr(), 4096);
            String s = new String(page, java.nio.charset.StandardCharsets.ISO_8859_1);
            mem.write8(d.fdtAddr() + s.indexOf("kho-v1") + 5, (byte) '9');
        }, "is incompatible with 'kho-v1'");
    }

    @Test
    void zeroMemoryMap() {
        damagedGivesFreshBoot((bp, d) -> {
            byte[] page = mem.read(d.fdtAddr(), 4096);
            // the raw u64 value of preserved-memory-map follows its 12-byte property header;
            // find it by its current value
            long map = a.khoOut().rootFdt().memMap();
            for (int off = 0; off < 4096 - 8; off += 4) {
                if (mem.read64(d.fdtAddr() + off) == map) {
                    mem.write64(d.fdtAddr() + off, 0);
                    break;
                }
            }
        }, "preserved memory map is empty");
    }

    @Test
    void scratchArrayOutsideRam() {
        damagedGivesFreshBoot((bp, d) -> mem.write64(d.scratchAddr() + KhoScratch.SIZE * 2, 1L << 40),
                "is not page-aligned RAM");
    }

    @Test
    void scratchArrayPointerOutsideRam() {
        damagedGivesFreshBoot((bp, d) -> new KhoData(d.fdtAddr(), d.fdtSize(), 1L << 40, d.scratchSize())
                .writeTo(mem, mem.read64(bp + BootParams.OFF_SETUP_DATA) + SetupData.SIZE), "failed to memremap scratch");
    }

    @Test
    void damagedChunkListIsRejectedBeforeAnythingIsReserved() {
        damagedGivesFreshBoot((bp, d) -> {
            long chunk = a.khoOut().rootFdt().memMap();
            mem.write32(chunk + KhoMemChunk.OFF_NUM_ELMS, 9999);
        }, "damaged preserved memory map: chunk");
    }

    @Test
    void randomlyCorruptedRootFdtNeverThrows() {
        long bp = handOver();
        KhoData d = khoData(bp);
        byte[] good = mem.read(d.fdtAddr(), 4096);
        long copy = a.pages().allocFolio(0, false, "t").pa();
        java.util.Random rnd = new java.util.Random(1234);
        int accepted = 0;
        for (int i = 0; i < 300; i++) {
            byte[] bad = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bad[rnd.nextInt(i % 2 == 0 ? 64 : 400)] = (byte) rnd.nextInt(256);
            }
            mem.write(copy, bad);
            org.khoemu.kernel.mm.Memblock mb = new org.khoemu.kernel.mm.Memblock(mem, new org.khoemu.kernel.mm.AllocationLog());
            org.khoemu.kernel.KernelLog log = new org.khoemu.kernel.KernelLog("fuzz");
            KhoIn in = KhoIn.populate(mem, mb, log, org.khoemu.kernel.StepObserver.NONE, new org.khoemu.kernel.kho.v1.KhoV1MemMap(),
                    new KhoData(copy, 4096, d.scratchAddr(), d.scratchSize()));
            assertTrue(in.isKhoBoot() || log.contains("KHO: disabling KHO revival: "));
            accepted += in.isKhoBoot() ? 1 : 0;
        }
        assertTrue(accepted < 300, "corruption is noticed at least sometimes");
    }

    @Test
    void chunkListLoopIsRejected() {
        damagedGivesFreshBoot((bp, d) -> {
            long chunk = a.khoOut().rootFdt().memMap();
            mem.write64(chunk + KhoMemChunk.OFF_NEXT, chunk);
        }, "loops back");
    }
}
