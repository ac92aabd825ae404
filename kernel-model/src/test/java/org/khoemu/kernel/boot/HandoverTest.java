// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.kexec.JavaKexecHardware;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.mm.AllocationRecord;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.testkho.TestKho;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

class HandoverTest {
    @Test
    void testKhoSurvivesKexecAndKernelBStaysInScratchUntilTheWalk() {
        HeapPhysMem mem = new HeapPhysMem(256 * MIB);
        TestKho a = new TestKho(7);
        Kernel ka = TestBoot.cold(mem, "kho=on", a);
        assertEquals(TestKho.Result.SAVED, a.result());
        ka.khoOut().finalizeKho();
        JavaKexecHardware hw = new JavaKexecHardware(mem);
        ka.kexecFileLoad(hw, "kho=on");
        KexecOutcome out = ka.rebootKexec(hw);
        assertTrue(out.booted(), out.failure());

        TestKho b = new TestKho(7);
        KernelLog logB = new KernelLog("B");
        Kernel kb = Kernel.bootFromHandover(mem, out.bootParams(), logB, StepObserver.NONE, List.of(b));
        assertTrue(kb.khoIn().isKhoBoot(), String.join("\n", logB.lines()));
        assertEquals("kho=on", kb.cmdline());
        assertEquals(ka.firmwareMap(), kb.firmwareMap());
        assertEquals(TestKho.Result.RESTORED, b.result(), String.join("\n", logB.lines()));
        assertTrue(logB.contains("KHO restore succeeded"));
        assertEquals(a.folios(), b.restored());
        assertEquals(a.csum(), b.csum());

        List<KhoPreservedBlock> preserved = kb.preservedBlocks();
        assertTrue(preserved.size() > a.folios().size());
        for (AllocationRecord r : kb.allocationLog()) {
            for (KhoPreservedBlock p : preserved) {
                assertFalse(r.overlaps(p.pa(), p.size()) && r.size() > 0,
                        "kernel B allocation " + r + " overlaps preserved " + p);
            }
            if (r.phase().equals(Kernel.PHASE_SETUP_ARCH)) {
                assertTrue(kb.khoIn().scratch().contains(r.pa(), Math.max(1, r.size())),
                        "before the walk, " + r + " is outside scratch");
            }
        }
        assertTrue(kb.allocationLog().stream().anyMatch(r -> r.phase().equals(Kernel.PHASE_SETUP_ARCH)));
        kb.pages().checkInvariants();
        // only the kho_test FDT folio is left unclaimed, as with the kernel's test module
        assertEquals(List.of(new KhoPreservedBlock(a.fdtPa(), 0)),
                kb.khoIn().leakedBlocks().stream().map(x -> new KhoPreservedBlock(x.pa(), 0)).toList());
        assertEquals(1, kb.khoIn().reportLeaks());
        assertTrue(logB.contains("were never restored and are leaked"));
    }

    @Test
    void kernelBCanHandOverAgain() {
        HeapPhysMem mem = new HeapPhysMem(256 * MIB);
        Kernel ka = TestBoot.cold(mem, "kho=on");
        long blob = ka.khoOut().allocPreserve(8192);
        mem.write64(blob, 0x1122334455667788L);
        ka.khoOut().addSubtree("gen", blob);
        ka.khoOut().finalizeKho();
        JavaKexecHardware hw = new JavaKexecHardware(mem);
        ka.kexecFileLoad(hw, "kho=on");
        Kernel kb = Kernel.bootFromHandover(mem, ka.rebootKexec(hw).bootParams(), new KernelLog("B"),
                StepObserver.NONE, List.of());
        long got = kb.khoIn().retrieveSubtree("gen");
        assertEquals(blob, got);
        Folio f = kb.khoIn().restoreFolio(got);
        assertEquals(1, f.order());
        assertEquals(0x1122334455667788L, mem.read64(got));
        kb.khoOut().preserveFolio(f);
        kb.khoOut().addSubtree("gen", got);
        kb.khoOut().finalizeKho();
        assertEquals(ka.khoOut().scratch().areas(), kb.khoOut().scratch().areas(), "scratch is reused as handed over");
        kb.kexecFileLoad(hw, "kho=on");
        Kernel kc = Kernel.bootFromHandover(mem, kb.rebootKexec(hw).bootParams(), new KernelLog("C"),
                StepObserver.NONE, List.of());
        assertEquals(got, kc.khoIn().retrieveSubtree("gen"));
        assertEquals(0x1122334455667788L, mem.read64(kc.khoIn().restoreFolio(got).pa()));
        kc.pages().checkInvariants();
    }

    @Test
    void kernelBWithoutKhoOnStillWalksButDoesNotHandOverAgain() {
        HeapPhysMem mem = new HeapPhysMem(128 * MIB);
        TestKho a = new TestKho(3);
        Kernel ka = TestBoot.cold(mem, "kho=on", a);
        ka.khoOut().finalizeKho();
        JavaKexecHardware hw = new JavaKexecHardware(mem);
        ka.kexecFileLoad(hw, "quiet");
        TestKho b = new TestKho(3);
        Kernel kb = Kernel.bootFromHandover(mem, ka.rebootKexec(hw).bootParams(), new KernelLog("B"),
                StepObserver.NONE, List.of(b));
        assertEquals("quiet", kb.cmdline());
        assertTrue(kb.khoIn().isKhoBoot());
        assertFalse(kb.preservedBlocks().isEmpty(), "the map is walked whatever the command line says");
        assertFalse(kb.khoOut().isEnabled());
        assertEquals(TestKho.Result.DISABLED, b.result());
        kb.pages().checkInvariants();
    }
}
