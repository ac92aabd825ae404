// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.kho;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.khoemu.emu.Machine;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kho.KhoIn;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.kho.v1.KhoMemChunk;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.Vmalloc;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;
import org.khoemu.tests.MachineBoot;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incoming side of KHO in a kernel B after a real kexec: restoring folios, page runs and
 * vmalloc areas, subtree lookup, and the fresh boot a kernel B falls back to when the handover
 * data in RAM was damaged after kernel A stopped.
 */
class KhoIncomingOnMachineTest {
    private final Machine m = Machine.create(128L << 20);
    private final PhysicalMemory mem = m.mem();
    private final Kernel a = MachineBoot.cold(m, "kho=on");
    private long folio2;
    private long pages5;
    private long vdescPa;

    @AfterEach
    void powerOff() {
        m.close();
    }

    /** Kernel A preserves a folio, a page run and a vmalloc area, then kexecs: boot_params address. */
    private long handOver() {
        folio2 = a.khoOut().allocPreserve(4 * 4096);
        mem.write64(folio2 + 8, 42);
        Folio p = a.pages().allocFolio(3, false, "t");
        pages5 = p.pa() + 4096;
        a.khoOut().preservePages(pages5, 5);
        VmallocArea v = Vmalloc.vzalloc(a.pages(), 3 * 4096, "t");
        Vmalloc.write64(mem, v, 2 * 4096 + 16, 77);
        // the descriptor travels as LUO's would: bytes in a preserved page, read back by kernel B
        KhoVmalloc vdesc = a.khoOut().preserveVmalloc(v);
        vdescPa = a.khoOut().allocPreserve(KhoVmalloc.SIZE);
        vdesc.writeTo(mem, vdescPa);
        a.khoOut().finalizeKho();
        return MachineBoot.kexec(m, a, "kho=on").bootParams();
    }

    private Kernel kernelB(long bp) {
        return MachineBoot.next(m, bp, "B");
    }

    private KhoData khoData(long bp) {
        return KhoData.readFrom(mem, mem.read64(bp + BootParams.OFF_SETUP_DATA) + SetupData.SIZE);
    }

    @Test
    void restoreFolioChecksMagicAndOrderAndOnlyOnce() {
        Kernel b = kernelB(handOver());
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
        Kernel b = kernelB(handOver());
        assertFalse(b.khoIn().restorePages(pages5 + 2 * 4096, 3), "a different split starts on a page without a head");
        assertTrue(b.khoIn().restorePages(pages5, 5));
        for (int i = 0; i < 5; i++) {
            b.pages().folioPut(new Folio(pages5 + i * 4096L, 0));
        }
        b.pages().checkInvariants();
    }

    @Test
    void restoreVmallocAndRestoreFree() {
        Kernel b = kernelB(handOver());
        KhoVmalloc vdesc = KhoVmalloc.readFrom(mem, vdescPa);
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
        // never-preserved memory: kho_restore_free WARNs and returns, nothing changes
        long free = b.pages().freePages();
        Folio plain = b.pages().allocFolio(0, false, "t");
        b.khoIn().restoreFree(plain.pa());
        assertTrue(b.log().contains(String.format("WARNING: kho_restore_free: 0x%x could not be restored", plain.pa())));
        assertEquals(free - 1, b.pages().freePages());
        b.pages().checkInvariants();
    }

    @Test
    void headPageWithOrderAboveMaxPageOrderIsRejected() {
        Kernel b = kernelB(handOver());
        long pfn = folio2 >>> 12;
        // KHOP magic with order MAX_PAGE_ORDER + 1 in the head page's private word
        b.pages().memmap().setPrivate(pfn, (0x4b484f50L << 32) | 11);
        assertNull(b.khoIn().restoreFolio(folio2));
        assertTrue(b.log().contains(String.format("WARNING: kho_restore_page: 0x%x has no preserved head", folio2)));
        assertEquals(0x4b484f50L, b.pages().memmap().getPrivate(pfn) >>> 32, "a rejected head is left alone");
    }

    @Test
    void retrieveSubtreeErrnos() {
        long blob = a.khoOut().allocPreserve(4096);
        a.khoOut().addSubtree("x", blob);
        Kernel b = kernelB(handOver());
        assertEquals(blob, b.khoIn().retrieveSubtree("x"));
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> b.khoIn().retrieveSubtree("y")).errno());
    }

    /** Damage RAM between the kexec and kernel B; B forgets the handover and has no KHO data. */
    private Kernel damagedBoot(BiConsumer<Long, KhoData> damage, String reason) {
        long bp = handOver();
        damage.accept(bp, khoData(bp));
        Kernel b = kernelB(bp);
        assertFalse(b.khoIn().isKhoBoot());
        assertTrue(b.log().contains(reason), String.join("\n", b.log().lines()));
        assertTrue(b.preservedBlocks().isEmpty());
        assertTrue(b.khoOut().isEnabled());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> b.khoIn().retrieveSubtree("x")).errno());
        b.pages().checkInvariants();
        return b;
    }

    /** kho_populate refused the data: a fresh boot that reserves new scratch; the log names the errno. */
    private void damagedGivesFreshBoot(BiConsumer<Long, KhoData> damage, Errno errno, String reason) {
        Kernel b = damagedBoot(damage, reason);
        String line = "KHO: disabling KHO revival: -" + errno.value() + " (" + errno + "): ";
        assertTrue(b.log().contains(line), line + "\n" + String.join("\n", b.log().lines()));
        assertTrue(b.allocationLog().stream().anyMatch(r -> r.who().equals("kho_reserve_scratch")),
                "a fresh KHO boot reserves new scratch");
    }

    /**
     * The handover was taken but the map walk failed (kho_memory_init): only the FDT is
     * forgotten; the inherited scratch stays this kernel's scratch and nothing new is reserved
     * (memblock is still scratch-only at that point).
     */
    private void damagedMapKeepsInheritedScratch(BiConsumer<Long, KhoData> damage, String reason) {
        List<KhoScratch> inherited = a.khoOut().scratch().areas();
        Kernel b = damagedBoot(damage, reason);
        assertTrue(b.log().contains("KHO: found kexec handover data."));
        assertEquals(inherited, b.khoOut().scratch().areas());
        assertTrue(b.allocationLog().stream().noneMatch(r -> r.who().equals("kho_reserve_scratch")),
                "no new scratch after a failed walk");
    }

    @Test
    void badFdtMagic() {
        damagedGivesFreshBoot((bp, d) -> mem.write32(d.fdtAddr(), 0x12345678), Errno.EINVAL, "is invalid");
    }

    @Test
    void wrongCompatible() {
        damagedGivesFreshBoot((bp, d) -> {
            String s = new String(mem.read(d.fdtAddr(), 4096), StandardCharsets.ISO_8859_1);
            mem.write8(d.fdtAddr() + s.indexOf("kho-v1") + 5, (byte) '9');
        }, Errno.EINVAL, "is incompatible with 'kho-v1'");
    }

    @Test
    void zeroMemoryMap() {
        damagedGivesFreshBoot((bp, d) -> {
            // the raw u64 value of preserved-memory-map follows its 12-byte property header;
            // find it by its current value
            long map = a.khoOut().rootFdt().memMap();
            for (int off = 0; off < 4096 - 8; off += 4) {
                if (mem.read64(d.fdtAddr() + off) == map) {
                    mem.write64(d.fdtAddr() + off, 0);
                    break;
                }
            }
        }, Errno.ENOENT, "preserved memory map is empty");
    }

    @Test
    void missingMemoryMap() {
        damagedGivesFreshBoot((bp, d) -> {
            // rename the property in the strings block: the root node no longer has it
            String fdt = new String(mem.read(d.fdtAddr(), 4096), StandardCharsets.ISO_8859_1);
            int name = fdt.indexOf("preserved-memory-map");
            assertTrue(name > 0);
            mem.write8(d.fdtAddr() + name + "preserved-memory-".length(), (byte) 'X');
        }, Errno.ENOENT, "failed to get preserved memory bitmaps");
    }

    @Test
    void scratchArrayOutsideRam() {
        damagedGivesFreshBoot((bp, d) -> mem.write64(d.scratchAddr() + KhoScratch.SIZE * 2, 1L << 40),
                Errno.EINVAL, "is not page-aligned RAM");
    }

    @Test
    void scratchArrayPointerOutsideRam() {
        damagedGivesFreshBoot((bp, d) -> new KhoData(d.fdtAddr(), d.fdtSize(), 1L << 40, d.scratchSize())
                .writeTo(mem, mem.read64(bp + BootParams.OFF_SETUP_DATA) + SetupData.SIZE), Errno.EFAULT, "failed to memremap scratch");
    }

    @Test
    void damagedChunkListIsRejectedBeforeAnythingIsReserved() {
        damagedMapKeepsInheritedScratch((bp, d) -> {
            long chunk = a.khoOut().rootFdt().memMap();
            mem.write32(chunk + KhoMemChunk.OFF_NUM_ELMS, 9999);
        }, "damaged preserved memory map: chunk");
    }

    @Test
    void chunkListLoopIsRejected() {
        damagedMapKeepsInheritedScratch((bp, d) -> {
            long chunk = a.khoOut().rootFdt().memMap();
            mem.write64(chunk + KhoMemChunk.OFF_NEXT, chunk);
        }, "loops back");
    }
}
