// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.Vmalloc;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

class KhoOutTest {
    private final Kernel k = TestBoot.cold(128 * MIB, "kho=on");
    private final KhoOut kho = k.khoOut();

    private static Errno errno(Executable e) {
        return assertThrows(KernelException.class, e).errno();
    }

    @Test
    void preservingScratchIsEinval() {
        KhoScratch s = kho.scratch().areas().get(0);
        assertEquals(Errno.EINVAL, errno(() -> kho.preserveFolio(new Folio(s.addr(), 0))));
        assertEquals(Errno.EINVAL, errno(() -> kho.preservePages(s.addr() - 4096, 2)), "straddling the start");
        assertTrue(k.log().contains("WARNING: kexec_handover"));
        assertTrue(kho.preserved().stream().noneMatch(b -> kho.scratch().overlaps(b.pa(), b.size())));
    }

    @Test
    void allocPreserveErrnos() {
        assertEquals(Errno.EINVAL, errno(() -> kho.allocPreserve(0)));
        assertEquals(Errno.E2BIG, errno(() -> kho.allocPreserve((4L << 20) + 1)));
        long pa = kho.allocPreserve((4L << 20));
        assertTrue(kho.track().isPreserved(pa >>> 12, 10));
        List<Long> got = new ArrayList<>();
        Errno e = errno(() -> {
            while (true) {
                got.add(kho.allocPreserve(4L << 20));
            }
        });
        assertEquals(Errno.ENOMEM, e);
        k.pages().checkInvariants();
    }

    @Test
    void allocPreserveRoundsToOrderAndZeroes() {
        long pa = kho.allocPreserve(4097);
        assertEquals(1, k.pages().memmap().order(pa >>> 12));
        assertEquals(0, k.mem().read64(pa + 4096));
        kho.unpreserveFree(pa);
        assertFalse(kho.track().isPreserved(pa >>> 12, 1));
        k.pages().checkInvariants();
    }

    @Test
    void preservePagesSplitsGreedilyIntoAlignedBlocks() {
        Folio f = k.pages().allocFolio(4, false, "t");
        kho.preservePages(f.pa() + 4096, 13); // pfn+1..pfn+13 = 1 + 2 + 4 + 4 + 2 pages
        long p = f.pa();
        List<KhoPreservedBlock> b = kho.preserved().stream().filter(x -> x.overlaps(f.pa(), f.size()))
                .sorted((x, y) -> Long.compare(x.pa(), y.pa())).toList();
        assertEquals(List.of(new KhoPreservedBlock(p + 4096, 0), new KhoPreservedBlock(p + 2 * 4096, 1),
                new KhoPreservedBlock(p + 4 * 4096, 2), new KhoPreservedBlock(p + 8 * 4096, 2),
                new KhoPreservedBlock(p + 12 * 4096, 1)), b);
        kho.unpreservePages(f.pa() + 4096, 13);
        assertTrue(kho.preserved().stream().noneMatch(x -> x.overlaps(f.pa(), f.size())));
    }

    @Test
    void preservePagesRollsBackWhenABitmapPageCannotBeAllocated() {
        Folio f = k.pages().allocFolio(3, false, "t");
        assertTrue(kho.track().orders().containsKey(0), "the root FDT page made the order-0 bitmap");
        assertFalse(kho.track().orders().containsKey(2));
        List<Folio> hog = new ArrayList<>();
        for (int o = 10; o >= 0; o--) {
            while (true) {
                try {
                    hog.add(k.pages().allocFolio(o, false, "hog"));
                } catch (KernelException e) {
                    break;
                }
            }
        }
        // pfn+3 (order 0, bitmap exists) succeeds, then pfn+4 (order 2) needs a new bitmap page
        assertEquals(Errno.ENOMEM, errno(() -> kho.preservePages(f.pa() + 3 * 4096, 5)));
        assertFalse(kho.track().isPreserved((f.pa() >>> 12) + 3, 0), "the order-0 block was rolled back");
        assertTrue(kho.preserved().stream().noneMatch(x -> x.overlaps(f.pa(), f.size())));
        hog.forEach(k.pages()::folioPut);
        k.pages().checkInvariants();
    }

    @Test
    void addSubtreeEexistAndRemove() {
        long a = kho.allocPreserve(4096);
        long b = kho.allocPreserve(4096);
        kho.addSubtree("first", a);
        kho.addSubtree("second", b);
        assertEquals(Errno.EEXIST, errno(() -> kho.addSubtree("first", b)));
        Fdt fdt = Fdt.fromBytes(k.mem().read(kho.rootFdtPa(), 4096));
        List<String> names = fdt.subnodes(Fdt.ROOT).stream().map(fdt::nodeName).toList();
        assertEquals(List.of("second", "first"), names, "fdt_add_subnode puts a new child before older ones");
        assertEquals(a, Fdt.rawU64(fdt.getprop(fdt.subnode(Fdt.ROOT, "first"), "fdt")));
        kho.removeSubtree(a);
        fdt = Fdt.fromBytes(k.mem().read(kho.rootFdtPa(), 4096));
        assertTrue(fdt.subnode(Fdt.ROOT, "first") < 0);
        kho.addSubtree("first", a);
    }

    @Test
    void vmallocPreserveWritesChunkListAndUnpreserveUndoesAll() {
        var area = Vmalloc.vzalloc(k.pages(), 600 * 4096L, "t");
        int before = kho.preserved().size();
        KhoVmalloc d = kho.preserveVmalloc(area);
        assertEquals(600, d.totalPages());
        assertEquals(KhoVmalloc.KHO_VMALLOC_ALLOC, d.flags());
        assertEquals(0, d.order());
        long c0 = d.first();
        assertEquals(area.pieces().get(0).pa(), KhoVmallocChunk.phys(k.mem(), c0, 0));
        assertEquals(area.pieces().get(510).pa(), KhoVmallocChunk.phys(k.mem(), c0, 510));
        long c1 = KhoVmallocChunk.next(k.mem(), c0);
        assertTrue(c1 != 0);
        assertEquals(area.pieces().get(511).pa(), KhoVmallocChunk.phys(k.mem(), c1, 0));
        assertEquals(0, KhoVmallocChunk.phys(k.mem(), c1, 89));
        assertTrue(kho.track().isPreserved(c0 >>> 12, 0) && kho.track().isPreserved(c1 >>> 12, 0));
        kho.unpreserveVmalloc(d);
        assertEquals(before, kho.preserved().size());
        Vmalloc.vfree(k.pages(), area);
        k.pages().checkInvariants();
    }

    @Test
    void disabledKhoFinalizeIsEopnotsuppButPreservingStillTracks() {
        Kernel off = TestBoot.cold(64 * MIB, "kho=off");
        assertEquals(Errno.EINVAL, errno(() -> off.khoOut().addSubtree("x", 0x100000)), "no root FDT");
        assertEquals(Errno.EOPNOTSUPP, errno(() -> off.khoOut().finalizeKho()));
        assertEquals(95, Errno.EOPNOTSUPP.value());
        // the kernel's kho_preserve_folio / kho_alloc_preserve do not look at kho_enable
        long pa = off.khoOut().allocPreserve(2 * 4096);
        assertTrue(off.khoOut().track().isPreserved(pa >>> 12, 1));
        Folio f = off.pages().allocFolio(0, false, "t");
        off.khoOut().preserveFolio(f);
        assertTrue(off.khoOut().track().isPreserved(f.pfn(), 0));
        off.khoOut().unpreserveFree(pa);
        assertFalse(off.khoOut().track().isPreserved(pa >>> 12, 1));
        off.pages().checkInvariants();
    }

    @Test
    void preserveAndRestoreCallsAreNamedSteps() {
        List<String> steps = new ArrayList<>();
        Kernel s = Kernel.coldBoot(new org.khoemu.kernel.port.HeapPhysMem(64 * MIB), TestBoot.pcMap(64 * MIB),
                "kho=on", new org.khoemu.kernel.KernelLog("A"), steps::add, List.of());
        steps.clear();
        long pa = s.khoOut().allocPreserve(4096);
        s.khoOut().unpreserveFree(pa);
        Folio f = s.pages().allocFolio(0, false, "t");
        s.khoOut().preservePages(f.pa(), 1);
        s.khoOut().unpreservePages(f.pa(), 1);
        s.khoIn().restoreFolio(f.pa());
        assertEquals(List.of("kho_alloc_preserve", "kho_preserve_folio", "kho_unpreserve_free", "kho_unpreserve_folio",
                "kho_preserve_pages", "kho_unpreserve_pages", "kho_restore_folio"), steps);
        // a fault observer stops the kernel at the named step before anything is tracked
        boolean[] armed = {false};
        Kernel faulty = Kernel.coldBoot(new org.khoemu.kernel.port.HeapPhysMem(64 * MIB), TestBoot.pcMap(64 * MIB),
                "kho=on", new org.khoemu.kernel.KernelLog("A"), st -> {
                    if (st.equals("kho_preserve_folio") && armed[0]) {
                        throw new KernelException(Errno.ENOMEM, "injected");
                    }
                }, List.of());
        armed[0] = true;
        Folio g = faulty.pages().allocFolio(0, false, "t");
        assertEquals(Errno.ENOMEM, errno(() -> faulty.khoOut().preserveFolio(g)));
        assertFalse(faulty.khoOut().track().isPreserved(g.pfn(), 0));
    }
}
