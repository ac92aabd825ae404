// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.mm.Vmalloc;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.KhoData;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

/**
 * The incoming side where no second kernel is needed: {@code kho_populate} fed the root FDT and
 * scratch array a real outgoing kernel wrote (both already where a handover would leave them),
 * and a cold boot's KHO. Restores in a kernel B, and damage between the kernels, are tested
 * across a real kexec in the tests module ({@code KhoIncomingOnMachineTest}).
 */
class KhoIncomingTest {
    @Test
    void randomlyCorruptedRootFdtNeverThrows() {
        HeapPhysMem mem = new HeapPhysMem(128 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on");
        a.khoOut().allocPreserve(4 * 4096);
        a.khoOut().preservePages(a.pages().allocFolio(3, false, "t").pa() + 4096, 5);
        a.khoOut().preserveVmalloc(Vmalloc.vzalloc(a.pages(), 3 * 4096, "t"));
        a.khoOut().finalizeKho();
        KhoScratchAreas scratch = a.khoOut().scratch();
        byte[] good = mem.read(a.khoOut().rootFdtPa(), 4096);
        long copy = a.pages().allocFolio(0, false, "t").pa();
        Random rnd = new Random(1234);
        int accepted = 0;
        for (int i = -1; i < 300; i++) {
            byte[] bad = good.clone();
            int flips = i < 0 ? 0 : 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bad[rnd.nextInt(i % 2 == 0 ? 64 : 400)] = (byte) rnd.nextInt(256);
            }
            mem.write(copy, bad);
            Memblock mb = new Memblock(mem, new AllocationLog());
            KernelLog log = new KernelLog("fuzz");
            KhoIn in = KhoIn.populate(mem, mb, log, StepObserver.NONE, KhoGenerations.KHO_V1,
                    new KhoData(copy, 4096, scratch.arrayPa(), scratch.arraySize()));
            assertTrue(in.isKhoBoot() || log.contains("KHO: disabling KHO revival: "));
            if (i < 0) {
                assertTrue(in.isKhoBoot(), "the undamaged FDT is taken: " + String.join("\n", log.lines()));
            } else {
                accepted += in.isKhoBoot() ? 1 : 0;
            }
        }
        assertTrue(accepted < 300, "corruption is noticed at least sometimes");
    }

    @Test
    void scratchSizesThatAreNotPageMultiplesAreTaken() {
        // kho_scratch=1K,1K,1K: the kernel hands the 1K areas over as they are
        HeapPhysMem mem = new HeapPhysMem(128 * MIB);
        Kernel a = TestBoot.cold(mem, "kho=on kho_scratch=1K,1K,1K");
        a.khoOut().allocPreserve(4096);
        a.khoOut().finalizeKho();
        KhoScratchAreas scratch = a.khoOut().scratch();
        Memblock mb = new Memblock(mem, new AllocationLog());
        KernelLog log = new KernelLog("B");
        KhoIn in = KhoIn.populate(mem, mb, log, StepObserver.NONE, KhoGenerations.KHO_V1,
                new KhoData(a.khoOut().rootFdtPa(), 4096, scratch.arrayPa(), scratch.arraySize()));
        assertTrue(in.isKhoBoot(), String.join("\n", log.lines()));
        assertEquals(scratch.areas(), in.scratch().areas());
        assertTrue(mb.isScratch(scratch.areas().get(0).addr(), 1024));
    }

    @Test
    void retrieveSubtreeAfterAColdBootIsEnoent() {
        Kernel cold = TestBoot.cold(64 * MIB, "kho=on");
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> cold.khoIn().retrieveSubtree("x")).errno());
    }
}
