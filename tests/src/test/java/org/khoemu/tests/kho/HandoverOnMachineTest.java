// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.mm.AllocationRecord;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.testkho.TestKho;
import org.khoemu.tests.MachineBoot;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole handovers, kernel A to B (to C), each kexec run by the guest code on the machine's CPU. */
class HandoverOnMachineTest {
    private static final long MIB = 1L << 20;

    @Test
    void testKhoSurvivesKexecAndKernelBStaysInScratchUntilTheWalk() {
        try (Machine m = Machine.create(256 * MIB)) {
            TestKho a = new TestKho(7);
            Kernel ka = MachineBoot.cold(m, "kho=on", a);
            assertEquals(TestKho.Result.SAVED, a.result());
            ka.khoOut().finalizeKho();
            KexecOutcome out = MachineBoot.kexec(m, ka, "kho=on");

            TestKho b = new TestKho(7);
            Kernel kb = MachineBoot.next(m, out.bootParams(), "B", b);
            KernelLog logB = kb.log();
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
    }

    @Test
    void kernelBCanHandOverAgain() {
        try (Machine m = Machine.create(256 * MIB)) {
            Kernel ka = MachineBoot.cold(m, "kho=on");
            long blob = ka.khoOut().allocPreserve(8192);
            m.mem().write64(blob, 0x1122334455667788L);
            ka.khoOut().addSubtree("gen", blob);
            ka.khoOut().finalizeKho();
            Kernel kb = MachineBoot.next(m, MachineBoot.kexec(m, ka, "kho=on").bootParams(), "B");
            long got = kb.khoIn().retrieveSubtree("gen");
            assertEquals(blob, got);
            Folio f = kb.khoIn().restoreFolio(got);
            assertEquals(1, f.order());
            assertEquals(0x1122334455667788L, m.mem().read64(got));
            kb.khoOut().preserveFolio(f);
            kb.khoOut().addSubtree("gen", got);
            kb.khoOut().finalizeKho();
            assertEquals(ka.khoOut().scratch().areas(), kb.khoOut().scratch().areas(), "scratch is reused as handed over");
            Kernel kc = MachineBoot.next(m, MachineBoot.kexec(m, kb, "kho=on").bootParams(), "C");
            assertEquals(got, kc.khoIn().retrieveSubtree("gen"));
            assertEquals(0x1122334455667788L, m.mem().read64(kc.khoIn().restoreFolio(got).pa()));
            kc.pages().checkInvariants();
        }
    }

    @Test
    void kernelBWithoutKhoOnStillWalksButDoesNotHandOverAgain() {
        try (Machine m = Machine.create(128 * MIB)) {
            TestKho a = new TestKho(3);
            Kernel ka = MachineBoot.cold(m, "kho=on", a);
            ka.khoOut().finalizeKho();
            TestKho b = new TestKho(3);
            Kernel kb = MachineBoot.next(m, MachineBoot.kexec(m, ka, "quiet").bootParams(), "B", b);
            assertEquals("quiet", kb.cmdline());
            assertTrue(kb.khoIn().isKhoBoot());
            assertFalse(kb.preservedBlocks().isEmpty(), "the map is walked whatever the command line says");
            assertFalse(kb.khoOut().isEnabled());
            assertEquals(TestKho.Result.DISABLED, b.result());
            kb.pages().checkInvariants();
        }
    }
}
