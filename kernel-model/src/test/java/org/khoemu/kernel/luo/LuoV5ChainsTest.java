// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.kho.block.KhoBlockLayout;
import org.khoemu.kernel.luo.abi.luov5.LuoSer;
import org.khoemu.kernel.luo.abi.luov5.LuoV5Profile;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.luo.LuoSessionTest.errno;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.finishSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveSession;

/**
 * The LUO core on luo-v5 (abi-reference 2.3): the raw luo_ser blob, session and file chains
 * grown on create/preserve and shrunk on removal, and kernel B's refusals of damaged chains.
 *
 * <p>UNVERIFIED, because 2.3 does not pin them, and so asserted here only as khoemu's choice: a
 * duplicate name is EEXIST after the chain made room (the room is given back), the chains are
 * checked at the first open (EIO) rather than at boot, and a file chain whose count disagrees
 * is freed like a refused one.
 */
class LuoV5ChainsTest {
    private final List<String> calls = new ArrayList<>();
    private final FakeKernel a = FakeKernel.coldBoot("kho=on liveupdate=on", v5());
    private final UserProcess p = a.process();
    private final int dev = p.open(UserProcess.DEV_LIVEUPDATE);

    private Luo v5() {
        Luo l = new Luo(LuoV5Profile.INSTANCE);
        l.registerFileHandler(new TestHandlers(calls));
        return l;
    }

    private int testFd(String name) {
        return p.installFd(new TestHandlers.TestFile(name));
    }

    @Test
    void theBlobIsLuoSerAndHasNoSessionsYet() {
        long ser = a.luo.fdtPa();
        assertEquals(ser, a.kho.subtrees.get("LUO"));
        assertEquals("luo-v5", new String(a.mem.read(ser, 6)));
        assertEquals(1, a.mem.read64(ser + LuoSer.OFF_LIVEUPDATE_NUM));
        assertEquals(0, a.mem.read64(ser + LuoSer.OFF_SESSIONS_PA));
        assertEquals(0, a.luo.sessionBlockPa(), "no session, no block");
    }

    @Test
    void sessionBlocksComeAndGoWithTheSessions() {
        int before = a.kho.preserved.size();
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            fds.add(createSession(p, dev, "s" + i));
        }
        assertEquals(before + 2, a.kho.preserved.size(), "51 fill a block, the 52nd starts one");
        p.close(fds.get(3));
        assertEquals(before + 1, a.kho.preserved.size(), "51 left: the tail block is given back");
        // UNVERIFIED order (see the class comment): EEXIST after the room was made, then given back
        assertEquals(Errno.EEXIST, errno(() -> createSession(p, dev, "s0")));
        assertEquals(before + 1, a.kho.preserved.size(), "a refused create keeps no block");
    }

    @Test
    void twoThousandSessionsSurviveAndTheChainIsWhatTheReferenceSays() {
        for (int i = 0; i < 2000; i++) {
            createSession(p, dev, "many-test-" + i);
        }
        long head = a.luo.sessionBlockPa();
        long[] recorded = new long[1];
        // read between the reboot path and kernel B, which frees the luo_ser page
        a.beforeHandover = () -> recorded[0] = a.mem.read64(a.luo.fdtPa() + LuoSer.OFF_SESSIONS_PA);
        FakeKernel b = a.kexec(v5());
        assertEquals(head, recorded[0], "luo_ser.sessions_pa");
        int blocks = 0;
        long total = 0;
        for (long blk = head; blk != 0; blk = a.mem.read64(blk + KhoBlockLayout.OFF_NEXT)) {
            long count = a.mem.read64(blk + KhoBlockLayout.OFF_COUNT);
            assertTrue(count >= 1 && count <= 51, "count " + count);
            total += count;
            blocks++;
        }
        assertEquals(40, blocks, "ceil(2000 / 51)");
        assertEquals(2000, total);
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(2000, b.luo.incomingSessions().size());
        for (int i = 0; i < 2000; i++) {
            finishSession(q, retrieveSession(q, bdev, "many-test-" + i));
        }
        assertEquals(null, b.kho.restoreFolio(head), "the blocks were freed after the rebuild");
    }

    @Test
    void aThousandFilesInOneSessionComeBack() {
        int s = createSession(p, dev, "many_files_session");
        for (int i = 0; i < 1000; i++) {
            preserveFd(p, s, testFd("f" + i), i);
        }
        FakeKernel b = a.kexec(v5());
        assertEquals(16, a.luo.outgoingSessions().get(0).pgcnt(), "ceil(1000 / 63) blocks");
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bs = retrieveSession(q, bdev, "many_files_session");
        for (int i = 0; i < 1000; i++) {
            retrieveFd(q, bs, i);
        }
        assertEquals(Errno.ENOENT, errno(() -> retrieveFd(q, bs, 1000)));
        assertEquals(16, b.luo.incomingSessions().get(0).pgcnt());
        finishSession(q, bs);
    }

    @Test
    void anotherCompatibleInLuoSerPanicsKernelB() {
        createSession(p, dev, "x");
        a.beforeHandover = () -> a.mem.write8(a.luo.fdtPa() + 5, (byte) '4');
        KernelPanic e = assertThrows(KernelPanic.class, () -> a.kexec(v5()));
        assertTrue(e.getMessage().contains("luo_ser is incompatible with 'luo-v5'"), e.getMessage());
    }

    @Test
    void theBlobIsAddedWithItsSizeAndAShorterBlobPanicsKernelB() {
        assertEquals(32L, a.kho.subtreeSizes.get("LUO"), "kho_add_subtree(LUO, luo_ser, sizeof)");
        createSession(p, dev, "x");
        a.beforeHandover = () -> a.kho.subtreeSizes.put("LUO", 31L);
        KernelPanic e = assertThrows(KernelPanic.class, () -> a.kexec(v5()));
        assertTrue(e.getMessage().contains("LUO blob is 31 bytes, smaller than struct luo_ser (32)"), e.getMessage());
    }

    @Test
    void aSessionChainCycleFailsTheFirstOpenWithEio() {
        for (int i = 0; i < 120; i++) {
            createSession(p, dev, "c" + i);
        }
        long head = a.luo.sessionBlockPa();
        a.beforeHandover = () -> {
            long second = a.mem.read64(head);
            long third = a.mem.read64(second);
            a.mem.write64(third, second);
        };
        FakeKernel b = a.kexec(v5());
        UserProcess q = b.process();
        // UNVERIFIED when: checked at the first open, so the boot succeeds and the open fails
        assertEquals(Errno.EIO, errno(() -> q.open(UserProcess.DEV_LIVEUPDATE)));
        assertTrue(b.log.contains("Incoming session chain refused"), b.log.lines().toString());
        assertEquals(null, b.kho.restoreFolio(head), "the refused chain was freed");
    }

    @Test
    void aFileCountThatDisagreesWithItsChainIsAWarningAndEio() {
        int s = createSession(p, dev, "files");
        for (int i = 0; i < 70; i++) {
            preserveFd(p, s, testFd("f" + i), i);
        }
        a.beforeHandover = () -> {
            long entry = a.luo.sessionBlockPa() + 16;
            a.mem.write64(entry + 72, 69);
        };
        FakeKernel b = a.kexec(v5());
        UserProcess q = b.process();
        assertEquals(Errno.EIO, errno(() -> q.open(UserProcess.DEV_LIVEUPDATE)));
        assertTrue(b.log.contains("holds 70 entries, its parent says 69"), b.log.lines().toString());
    }
}
