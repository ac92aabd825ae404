// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.RidesOnKho;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.KhoIn;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.KhoScratchAreas;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.MemMap;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.KhoData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

/**
 * Kernel A of kho-v2 / kho-v4 preserves blocks of several orders; the next kernel's
 * {@code kho_populate} + {@code kho_memory_init} get only the root FDT and scratch array it
 * left in RAM, walk the radix tree and find exactly those blocks (plus KHO's own root FDT page).
 */
class KhoRadixHandoverTest {
    private static final Comparator<KhoPreservedBlock> BY_PA = Comparator.comparingLong(KhoPreservedBlock::pa);

    @Test
    void kernelBFindsExactlyThePreservedBlocksOnKhoV2AndV4() {
        for (String gen : new String[] {"kho-v2", "kho-v4"}) {
            HeapPhysMem mem = new HeapPhysMem(256 * MIB);
            Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho(gen));
            List<KhoPreservedBlock> want = new ArrayList<>();
            want.add(new KhoPreservedBlock(a.khoOut().rootFdtPa(), 0));
            for (int order : new int[] {0, 3, 1, 10, 0, 5}) {
                Folio f = a.pages().allocFolio(order, false, "t");
                a.khoOut().preserveFolio(f);
                want.add(new KhoPreservedBlock(f.pa(), order));
            }
            Folio gone = a.pages().allocFolio(2, false, "t");
            a.khoOut().preserveFolio(gone);
            a.khoOut().unpreserveFolio(gone);
            // 7 pages at an 8-page boundary: orders 2, 1, 0
            long run = a.pages().allocFolio(3, false, "t").pa();
            a.khoOut().preservePages(run, 7);
            want.add(new KhoPreservedBlock(run, 2));
            want.add(new KhoPreservedBlock(run + 4 * 4096, 1));
            want.add(new KhoPreservedBlock(run + 6 * 4096, 0));
            a.khoOut().finalizeKho(); // no-op from kho-v2 on: the tree is complete already

            Fdt root = Fdt.fromBytes(mem.read(a.khoOut().rootFdtPa(), 4096));
            assertTrue(root.nodeCheckCompatible(Fdt.ROOT, gen));
            long map = Fdt.rawU64(root.getprop(Fdt.ROOT, "preserved-memory-map"));
            assertEquals(a.khoOut().rootFdt().memMap(), map);

            KhoScratchAreas s = a.khoOut().scratch();
            Memblock mb = new Memblock(mem, new AllocationLog());
            KernelLog log = new KernelLog("B");
            KhoIn b = KhoIn.populate(mem, mb, log, StepObserver.NONE, a.khoGeneration(),
                    new KhoData(a.khoOut().rootFdtPa(), 4096, s.arrayPa(), s.arraySize()));
            MemMap mm = new MemMap(mem.size());
            b.walkMemoryMap(mb, mm);
            assertTrue(b.isKhoBoot(), gen + ": " + String.join("\n", log.lines()));
            List<KhoPreservedBlock> got = new ArrayList<>(b.preservedBlocks());
            got.sort(BY_PA);
            want.sort(BY_PA);
            assertEquals(want, got, gen);
            assertFalse(got.contains(new KhoPreservedBlock(gone.pa(), 2)), gen + ": unpreserved is gone");
            for (KhoPreservedBlock p : want) {
                assertTrue(mb.reserved().overlaps(p.pa(), p.size()), gen + ": " + p + " reserved");
            }
        }
    }

    @Test
    void nodePagesAreOrdinaryPagesOutsideScratchAndNotThemselvesPreserved() {
        HeapPhysMem mem = new HeapPhysMem(256 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho("kho-v2"));
        Folio f = a.pages().allocFolio(0, false, "t");
        a.khoOut().preserveFolio(f);
        Set<Long> nodes = new HashSet<>();
        collect(mem, a.khoOut().rootFdt().memMap(), KhoRadixKey.ROOT_LEVEL, nodes);
        // root + 4 interior levels + one leaf for the root FDT page; the folio may share them
        assertTrue(nodes.size() >= KhoRadixKey.MAX_DEPTH, "pages: " + nodes.size());
        Set<Long> preserved = new HashSet<>();
        a.khoOut().preserved().forEach(p -> preserved.add(p.pa()));
        for (long n : nodes) {
            assertFalse(a.khoOut().scratch().overlaps(n, 4096), "node 0x" + Long.toHexString(n) + " in scratch");
            assertFalse(preserved.contains(n), "node 0x" + Long.toHexString(n) + " is not a tree entry");
        }
    }

    @Test
    void aTreeBuiltAtOnceFromTheTrackerHoldsTheSameBlocksAsTheLiveOne() {
        HeapPhysMem mem = new HeapPhysMem(256 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho("kho-v3"));
        for (int order : new int[] {2, 0, 7, 0, 1}) {
            a.khoOut().preserveFolio(a.pages().allocFolio(order, false, "t"));
        }
        Comparator<KhoPreservedBlock> c = BY_PA.thenComparingInt(KhoPreservedBlock::order);
        List<KhoPreservedBlock> live = new ArrayList<>(KhoRadixMemMap.INSTANCE.walk(mem, a.khoOut().rootFdt().memMap()));
        long free = a.pages().freePages();
        long built = KhoRadixMemMap.INSTANCE.serialize(a.khoOut().track(), mem, a.pages());
        assertTrue(built != a.khoOut().rootFdt().memMap());
        List<KhoPreservedBlock> once = new ArrayList<>(KhoRadixMemMap.INSTANCE.walk(mem, built));
        live.sort(c);
        once.sort(c);
        assertEquals(live, once);
        assertEquals(6, live.size(), "5 folios + the root FDT page, nothing else");
        KhoRadixMemMap.INSTANCE.free(built, mem, a.pages());
        assertEquals(free, a.pages().freePages(), "free gives every node page back");
        a.pages().checkInvariants();
    }

    private static void collect(HeapPhysMem mem, long page, int level, Set<Long> out) {
        out.add(page);
        if (level == 0) {
            return;
        }
        for (int i = 0; i < 512; i++) {
            long c = mem.read64(page + 8L * i);
            if (c != 0) {
                collect(mem, c, level - 1, out);
            }
        }
    }
}
