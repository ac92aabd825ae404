// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelHang;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.proc.UserProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;

/**
 * The two builds on a block whose count runs past LUO_SESSION_MAX into pages full of distinct
 * names: the faithful kernel walks them (as the seed would, one guard finding for the first
 * entry past the block) until the model's step budget calls it a hang; the hardened one refuses
 * the count. Entry positions follow abi-reference 1.4 (16-byte header, 80-byte entries).
 */
class LuoKernelModeTest {
    private static FakeKernel fullBlock(KernelMode mode) {
        LuoAbiProfile prof = LuoAbiProfiles.byName("seed-v6");
        FakeKernel a = FakeKernel.coldBoot("kho=on liveupdate=on", new Luo(prof, mode));
        UserProcess p = a.process();
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        for (int i = 0; i < 819; i++) {
            createSession(p, dev, "s" + i);
        }
        a.luo.sessions().serialize();
        long past = LuoSessions.FAITHFUL_ENTRIES_PAST_BLOCK + 10;
        for (long i = 819; i < 819 + past; i++) {
            CString.write(a.mem, a.luo.sessionBlockPa() + 16 + i * 80, 56, "past-" + i);
        }
        prof.writeSessionCount(a.mem, a.luo.sessionBlockPa(), 819 + past);
        return a;
    }

    @Test
    void aCountRunningThroughDistinctNamesIsAHangWhenFaithful() {
        FakeKernel a = fullBlock(KernelMode.FAITHFUL);
        KernelHang h = assertThrows(KernelHang.class, () -> a.luo.sessions().rebuild(a.luo.sessionBlockPa(),
                LuoSessionLookup.HASHED, null));
        assertTrue(h.getMessage().startsWith("luo_session_deserialize: still reading entries 4096 past the session block"),
                h.getMessage());
        // one finding for the walk, not one per entry; a rebuild of this kernel's own block asks no preservation
        assertEquals(1, a.log.findings().size(), a.log.findings().toString());
        assertTrue(a.log.findings().get(0).startsWith("BUG: slab-out-of-bounds read in luo_session_deserialize: entry 819 at "),
                a.log.findings().get(0));
    }

    @Test
    void theSameCountIsRefusedWhenHardened() {
        FakeKernel a = fullBlock(KernelMode.HARDENED);
        KernelException e = assertThrows(KernelException.class, () -> a.luo.sessions().rebuild(a.luo.sessionBlockPa(),
                LuoSessionLookup.HASHED, null));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(a.log.findings().isEmpty());
    }
}
