// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;

/** LUO on the real kernel model (memblock, buddy, KHO) over heap RAM, within one boot. */
class LuoOnKernelTest {
    private static final long RAM = 128L << 20;

    @Test
    void lateInitRegistersTheLuoFdtWithTheRealKho() {
        Luo luo = new Luo();
        Kernel k = TestBoot.cold(RAM, "kho=on liveupdate=on", luo);
        assertTrue(luo.enabled());
        assertEquals(luo.fdtPa(), k.khoOut().rootFdt().children().get("LUO"));
        List<KhoPreservedBlock> preserved = k.khoOut().preserved();
        assertTrue(preserved.contains(new KhoPreservedBlock(luo.fdtPa(), 0)), preserved.toString());
        assertTrue(preserved.contains(new KhoPreservedBlock(luo.sessionBlockPa(), 4)), preserved.toString());
        Fdt fdt = Fdt.fromBytes(k.mem().read(luo.fdtPa(), 4096));
        assertEquals(1, Fdt.rawU64(fdt.getprop(Fdt.ROOT, "liveupdate-number")));
    }

    @Test
    void withoutKhoThereIsNoDevice() {
        Luo luo = new Luo();
        Kernel k = TestBoot.cold(RAM, "liveupdate=on", luo);
        assertFalse(luo.enabled());
        assertTrue(k.log().contains("luo: Disabling liveupdate because KHO is disabled"));
        KernelException e = assertThrows(KernelException.class, () -> new UserProcess(k, luo).open("/dev/liveupdate"));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void memfdDataIsPreservedOutsideScratchAndGivenBackOnClose() {
        Luo luo = new Luo();
        Kernel k = TestBoot.cold(RAM, "kho=on liveupdate=on", luo);
        UserProcess p = new UserProcess(k, luo);
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        // a first round lets KHO allocate its tracking bitmaps, which it keeps
        int warm = createSession(p, dev, "warm-up");
        int w = p.memfdCreate("w");
        p.write(w, new byte[1]);
        preserveFd(p, warm, w, 1);
        p.close(warm);
        p.close(w);
        List<KhoPreservedBlock> before = k.khoOut().preserved();
        long freeBefore = k.pages().freePages();

        int s = createSession(p, dev, "vm");
        int m = p.memfdCreate("ram");
        p.write(m, new byte[3 * 4096 + 1]);
        preserveFd(p, s, m, 1);
        List<KhoPreservedBlock> during = k.khoOut().preserved();
        // file array (order 1), memfd_luo_ser, 4 data folios, the vmalloc page of records and
        // KHO's kho_vmalloc_chunk page describing it
        assertEquals(before.size() + 8, during.size(), during.toString());
        for (KhoPreservedBlock b : during) {
            for (KhoScratch sc : k.khoOut().scratch().areas()) {
                assertFalse(b.overlaps(sc.addr(), sc.size()), b + " lies in scratch " + sc);
            }
        }
        p.close(s);
        assertEquals(before, k.khoOut().preserved());
        p.close(m);
        assertEquals(freeBefore, k.pages().freePages(), "every page came back");
    }
}
