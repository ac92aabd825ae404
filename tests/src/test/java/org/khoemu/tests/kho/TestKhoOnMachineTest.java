// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.mm.AllocationRecord;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;
import org.khoemu.kernel.testkho.TestKho;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's test_kho scenario on the emulated machine: kernel A preserves random folios and
 * kexecs through the guest relocation, purgatory and entry stub on the CPU; kernel B is built
 * from the machine's RAM and the boot_params address alone and restores everything.
 */
class TestKhoOnMachineTest {
    private static final long RAM = 512L << 20;
    private static final long SEED = 20250515;

    @Test
    void testKhoRestoresEveryFolioAcrossAGuestKexec() {
        // restored folios are freed again here, so overlap with preserved memory is checked in the next test
        try (Machine m = Machine.create(RAM)) {
            TestKho a = new TestKho(SEED);
            List<String> stepsA = new ArrayList<>();
            Kernel ka = Kernel.coldBoot(m.mem(), m.firmwareMap(), "kho=on", new KernelLog("A"), stepsA::add, List.of(a));
            assertEquals(TestKho.Result.SAVED, a.result());
            assertTrue(a.folios().size() > 1);
            ka.khoOut().finalizeKho();
            ka.kexecFileLoad(m.kexecHardware(), "kho=on");
            KexecOutcome out = ka.rebootKexec(m.kexecHardware());
            assertTrue(out.booted(), out.failure());
            assertEquals(List.of("relocation", "purgatory", "entry"), out.stages().stream().map(KexecStage::name).toList());
            assertEquals(ka.kimage().bootParams(), out.bootParams());
            assertTrue(stepsA.containsAll(List.of("kho_init", "kho_finalize", "kexec_file_load", "machine_kexec")));

            TestKho b = new TestKho(SEED);
            KernelLog logB = new KernelLog("B");
            List<String> stepsB = new ArrayList<>();
            Kernel kb = Kernel.bootFromHandover(m.mem(), out.bootParams(), logB, stepsB::add, List.of(b));
            assertTrue(kb.khoIn().isKhoBoot(), String.join("\n", logB.lines()));
            assertTrue(stepsB.indexOf("kho_populate") < stepsB.indexOf("kho_memory_init"));
            assertEquals(TestKho.Result.RESTORED, b.result(), String.join("\n", logB.lines()));
            assertTrue(logB.contains("KHO restore succeeded"));
            assertEquals(a.folios(), b.restored(), "every folio restored at its address with its order");
            assertEquals(a.csum(), b.csum());
            for (Folio f : a.folios()) {
                assertTrue(kb.preservedBlocks().contains(new KhoPreservedBlock(f.pa(), f.order())));
            }
            kb.pages().checkInvariants();
        }
    }

    @Test
    void kernelBNeverAllocatesPreservedMemoryAndStaysInScratchUntilTheWalk() {
        try (Machine m = Machine.create(RAM)) {
            Kernel ka = Kernel.coldBoot(m.mem(), m.firmwareMap(), "kho=on", new KernelLog("A"), StepObserver.NONE,
                    List.of(new TestKho(SEED + 1)));
            ka.khoOut().finalizeKho();
            ka.kexecFileLoad(m.kexecHardware(), "kho=on");
            KexecOutcome out = ka.rebootKexec(m.kexecHardware());
            assertTrue(out.booted(), out.failure());
            List<KhoScratch> scratchA = ka.khoOut().scratch().areas();

            // nothing claims the preserved memory in this kernel B, so all of it must stay untouched
            // (restored-then-freed folios, as test_kho frees them, may legitimately be reused)
            Kernel kb = Kernel.bootFromHandover(m.mem(), out.bootParams(), new KernelLog("B"), StepObserver.NONE, List.of());
            assertEquals(scratchA, kb.khoIn().scratch().areas(), "scratch handed over as reserved");
            // work in kernel B after boot: allocations must still avoid every preserved block
            for (int i = 0; i < 200; i++) {
                kb.pages().allocFolio(i % 4, false);
            }
            List<KhoPreservedBlock> preserved = kb.preservedBlocks();
            assertFalse(preserved.isEmpty());
            List<AllocationRecord> logB = kb.allocationLog();
            int early = 0;
            for (AllocationRecord r : logB) {
                for (KhoPreservedBlock p : preserved) {
                    assertFalse(r.size() > 0 && r.overlaps(p.pa(), p.size()), r + " overlaps " + p);
                }
                if (r.phase().equals(Kernel.PHASE_SETUP_ARCH)) {
                    early++;
                    assertTrue(kb.khoIn().scratch().contains(r.pa(), Math.max(1, r.size())), r + " before the walk is outside scratch");
                }
            }
            assertTrue(early > 0, "kernel B made allocations before the walk");
            assertTrue(logB.stream().anyMatch(r -> r.allocator().equals("buddy")));
            assertEquals(preserved.size() - 1, kb.khoIn().leakedBlocks().size(), "all but the root FDT page unclaimed");
            kb.pages().checkInvariants();
        }
    }

    @Test
    void aboveFourGigabytesTheScratchAreasSplitIntoLowmemGlobalAndNode() {
        long ram = 6L << 30;
        try (Machine m = Machine.create(ram)) {
            TestKho a = new TestKho(SEED + 2);
            Kernel ka = Kernel.coldBoot(m.mem(), m.firmwareMap(), "kho=on", new KernelLog("A"), StepObserver.NONE, List.of(a));
            List<KhoScratch> s = ka.khoOut().scratch().areas();
            long memmap = (ram >>> 12) * Kernel.STRUCT_PAGE_SIZE;
            long kernBelow4G = Kernel.KERNEL_IMAGE_SIZE; // the memmap is allocated top-down, above 4 GiB
            assertEquals(2 * kernBelow4G, s.get(0).size());
            assertTrue(s.get(0).end() <= 1L << 32, "lowmem scratch lies below 4 GiB");
            assertEquals(2 * (kernBelow4G + memmap) - s.get(0).size(), s.get(1).size());
            assertEquals(2 * (kernBelow4G + memmap), s.get(2).size());
            ka.khoOut().finalizeKho();
            ka.kexecFileLoad(m.kexecHardware(), "kho=on");
            KexecOutcome out = ka.rebootKexec(m.kexecHardware());
            assertTrue(out.booted(), out.failure());
            TestKho b = new TestKho(SEED + 2);
            KernelLog logB = new KernelLog("B");
            Kernel kb = Kernel.bootFromHandover(m.mem(), out.bootParams(), logB, StepObserver.NONE, List.of(b));
            assertEquals(TestKho.Result.RESTORED, b.result(), String.join("\n", logB.lines()));
            assertTrue(kb.allocationLog().stream().anyMatch(r -> r.who().equals("memmap")
                    && r.phase().equals(Kernel.PHASE_SETUP_ARCH) && kb.khoIn().scratch().contains(r.pa(), r.size())),
                    "kernel B's memmap fits in the inherited scratch");
            kb.pages().checkInvariants();
        }
    }
}
