// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuoCoreTest {
    @Test
    void lateInitPublishesTheSeedFdtWithRawLittleEndianProperties() {
        FakeKernel a = FakeKernel.coldBoot();
        Luo luo = a.luo;
        assertTrue(luo.enabled());
        assertEquals(luo.fdtPa(), a.kho.subtrees.get("LUO"));
        assertEquals(0, a.kho.preserved.get(luo.fdtPa()), "one preserved page");
        assertEquals(4, a.kho.preserved.get(luo.sessionBlockPa()), "16 pages = order 4");

        Fdt fdt = Fdt.fromBytes(a.mem.read(luo.fdtPa(), 4096));
        assertEquals(236, fdt.totalSize(), "the seed's blob size");
        assertEquals("luo-v1", fdt.getpropString(Fdt.ROOT, "compatible"));
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, fdt.getprop(Fdt.ROOT, "liveupdate-number"));
        int node = fdt.subnode(Fdt.ROOT, "luo-session");
        assertEquals("luo-session-v1", fdt.getpropString(node, "compatible"));
        assertEquals(luo.sessionBlockPa(), Fdt.rawU64(fdt.getprop(node, "luo-session-header")));
        assertEquals(16, a.mem.read64(luo.sessionBlockPa() + SeedV6.LUO_SESSION_HEADER_SER.offset("pgcnt")), "header pgcnt");
        assertEquals(0, a.mem.read64(luo.sessionBlockPa() + SeedV6.LUO_SESSION_HEADER_SER.offset("count")),
                "header count");
        assertTrue(a.steps.contains("luo_fdt_setup"));
        assertTrue(a.steps.contains("luo_session_setup_outgoing"));
    }

    @Test
    void liveupdateNeedsItsParameterAndKho() {
        FakeKernel off = FakeKernel.coldBoot("kho=on");
        assertFalse(off.luo.enabled());
        assertEquals(0, off.luo.fdtPa());
        assertTrue(off.kho.subtrees.isEmpty());
        KernelException e = assertThrows(KernelException.class, () -> off.process().open(UserProcess.DEV_LIVEUPDATE));
        assertEquals(Errno.ENOENT, e.errno());

        FakeKernel noKho = FakeKernel.coldBoot("liveupdate=on kho=off");
        assertFalse(noKho.luo.enabled());
        assertTrue(noKho.log.contains("luo: Disabling liveupdate because KHO is disabled"));

        assertTrue(FakeKernel.coldBoot("kho=1 liveupdate=yes").luo.enabled());
    }

    @Test
    void theNumberCountsUpdatesAndAFreshBootStartsAtOne() {
        FakeKernel a = FakeKernel.coldBoot();
        assertEquals(0, a.luo.incomingNumber());
        assertEquals(1, a.luo.liveupdateNumber());
        FakeKernel b = a.kexec();
        assertTrue(b.log.contains("luo: Retrieved live update data, liveupdate number: 1"));
        assertEquals(1, b.luo.incomingNumber());
        assertEquals(2, b.luo.liveupdateNumber());
        FakeKernel c = b.kexec();
        assertEquals(2, c.luo.incomingNumber());
        Fdt fdt = Fdt.fromBytes(c.mem.read(c.luo.fdtPa(), 4096));
        assertEquals(3, Fdt.rawU64(fdt.getprop(Fdt.ROOT, "liveupdate-number")));
    }

    @Test
    void aKhoBootWithoutLuoIsAFreshBoot() {
        FakeKernel a = FakeKernel.coldBoot("kho=on");
        FakeKernel b = a.kexec(new Luo(), "kho=on liveupdate=on");
        assertTrue(b.kho.isKhoBoot());
        assertTrue(b.luo.enabled());
        assertEquals(0, b.luo.incomingNumber());
        assertEquals(1, b.luo.liveupdateNumber());
        assertFalse(b.log.contains("Retrieved live update data"));
    }

    /** Rewrites kernel A's LUO FDT in RAM before the handover. */
    private static KernelPanic damaged(Consumer<FdtWriter> root, Consumer<FdtWriter> session) {
        FakeKernel a = FakeKernel.coldBoot();
        FdtWriter w = FdtWriter.create(4096).finishReservemap().beginNode("");
        root.accept(w);
        w.beginNode("luo-session");
        session.accept(w);
        w.endNode().endNode().finish();
        a.mem.fill(a.luo.fdtPa(), 4096, (byte) 0);
        a.mem.write(a.luo.fdtPa(), w.toBytes());
        return assertThrows(KernelPanic.class, () -> a.kexec());
    }

    private static Consumer<FdtWriter> goodRoot() {
        return w -> w.propertyString("compatible", "luo-v1").propertyRawU64("liveupdate-number", 1);
    }

    @Test
    void aDamagedTreePanicsWithTheKernelsReason() {
        assertEquals("luo: FDT 'LUO' is incompatible with 'luo-v1' [1]", damaged(
                w -> w.propertyString("compatible", "luo-v9").propertyRawU64("liveupdate-number", 1),
                w -> { }).getMessage());
        assertEquals("luo: Unable to get live update number 'liveupdate-number' [4]", damaged(
                w -> w.propertyString("compatible", "luo-v1").propertyRawU32("liveupdate-number", 1),
                w -> { }).getMessage());
        assertEquals("luo: Unable to get live update number 'liveupdate-number' [-1]", damaged(
                w -> w.propertyString("compatible", "luo-v1"), w -> { }).getMessage());
        assertEquals("luo: Session node incompatible [luo-session-v1]", damaged(goodRoot(),
                w -> w.propertyString("compatible", "luo-session-v2").propertyRawU64("luo-session-header", 0x100000))
                .getMessage());
        assertEquals("luo: Unable to get session header 'luo-session-header' [16]", damaged(goodRoot(),
                w -> w.propertyString("compatible", "luo-session-v1").property("luo-session-header", new byte[16]))
                .getMessage());
        assertEquals("luo: Session header 0x123 is not a block inside RAM", damaged(goodRoot(),
                w -> w.propertyString("compatible", "luo-session-v1").propertyRawU64("luo-session-header", 0x123))
                .getMessage());
    }

    @Test
    void aMissingSessionNodeAndGarbageBytesPanicToo() {
        FakeKernel a = FakeKernel.coldBoot();
        byte[] blob = FdtWriter.create(4096).finishReservemap().beginNode("")
                .propertyString("compatible", "luo-v1").propertyRawU64("liveupdate-number", 7).endNode().finish().toBytes();
        a.mem.write(a.luo.fdtPa(), blob);
        KernelPanic p = assertThrows(KernelPanic.class, a::kexec);
        assertEquals("luo: Unable to get session node: [luo-session]", p.getMessage());

        FakeKernel g = FakeKernel.coldBoot();
        g.mem.fill(g.luo.fdtPa(), 64, (byte) 0x5a);
        KernelPanic q = assertThrows(KernelPanic.class, g::kexec);
        assertTrue(q.getMessage().startsWith("luo: FDT 'LUO' is incompatible with 'luo-v1' [-"), q.getMessage());
    }

    @Test
    void aFailedFinalizeIsEagainAndTheKernelKeepsRunning() {
        FakeKernel a = FakeKernel.coldBoot();
        a.kho.finalizeFailure = new KernelException(Errno.ENOMEM, "no memory for the chunk list");
        KernelException e = assertThrows(KernelException.class, () -> a.luo.reboot(a));
        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(a.log.contains("luo: kho_finalize failed"));
        a.kho.finalizeFailure = null;
        a.luo.reboot(a);
        assertTrue(a.kho.finalized);
    }
}
