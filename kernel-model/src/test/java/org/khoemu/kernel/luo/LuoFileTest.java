// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.luo.LuoSessionTest.errno;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.finishSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveSession;

class LuoFileTest {
    private final List<String> calls = new ArrayList<>();
    private final TestHandlers handler = new TestHandlers(calls);
    /** The newest generation's session-fd checks; LuoUapiChecksTest has 6.19.6's answers. */
    private final FakeKernel a = FakeKernel.coldBoot("kho=on liveupdate=on", newest());
    private final UserProcess p = a.process();
    private final int dev;

    LuoFileTest() {
        a.luo.registerFileHandler(handler);
        dev = p.open(UserProcess.DEV_LIVEUPDATE);
    }

    private int testFd(String name) {
        return p.installFd(new TestHandlers.TestFile(name));
    }

    private int memfd(String data) {
        int fd = p.memfdCreate("m");
        p.write(fd, data.getBytes(StandardCharsets.US_ASCII));
        return fd;
    }

    private FakeKernel kexecWithHandler(TestHandlers h) {
        Luo next = newest();
        next.registerFileHandler(h);
        return a.kexec(next);
    }

    private static Luo newest() {
        return new Luo(LuoAbiProfiles.DEFAULT, LuoUapiChecks.NEWEST);
    }

    @Test
    void handlersAreUniqueByCompatible() {
        KernelException e = assertThrows(KernelException.class, () -> a.luo.registerFileHandler(new TestHandlers(calls)));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(List.of("memfd-v1", "test-v1"), a.luo.fileHandlers());
    }

    @Test
    void preserveErrnoPaths() {
        int s = createSession(p, dev, "s");
        int other = createSession(p, dev, "other");
        int f = memfd("x");
        preserveFd(p, s, f, 7);
        assertEquals(Errno.EEXIST, errno(() -> preserveFd(p, s, memfd("y"), 7)));
        assertEquals(Errno.EBADF, errno(() -> preserveFd(p, s, 99, 8)));
        assertEquals(Errno.ENOENT, errno(() -> preserveFd(p, s, p.open(UserProcess.DEV_NULL), 9)));
        assertEquals(Errno.EBUSY, errno(() -> preserveFd(p, s, f, 10)));
        assertEquals(Errno.EBUSY, errno(() -> preserveFd(p, other, f, 7)));
        assertEquals(Errno.EINVAL, errno(() -> retrieveFd(p, s, 7)), "retrieve on an outgoing session");
        assertEquals(Errno.EINVAL, errno(() -> finishSession(p, s)), "finish on an outgoing session");
        assertEquals(1, a.luo.outgoingSessions().get(0).files().size());
        assertEquals(0, a.luo.outgoingSessions().get(1).files().size());
    }

    @Test
    void aFailedFirstPreserveGivesTheArrayBack() {
        int s = createSession(p, dev, "s");
        int before = a.kho.preserved.size();
        assertEquals(Errno.ENOENT, errno(() -> preserveFd(p, s, p.open(UserProcess.DEV_NULL), 1)));
        assertEquals(before, a.kho.preserved.size());
    }

    @Test
    void oneSessionHolds128Files() {
        int s = createSession(p, dev, "many");
        for (int i = 0; i < 128; i++) {
            preserveFd(p, s, testFd("f" + i), i);
        }
        assertEquals(Errno.ENOSPC, errno(() -> preserveFd(p, s, testFd("f128"), 128)));
    }

    @Test
    void closingAnOutgoingSessionUnpreservesLastFirstAndReturnsEveryPage() {
        int baseline = a.kho.preserved.size();
        int usedBefore = a.pages.usedPages();
        int s = createSession(p, dev, "s");
        int m = memfd("hello");
        preserveFd(p, s, testFd("t1"), 1);
        preserveFd(p, s, m, 2);
        preserveFd(p, s, testFd("t3"), 3);
        assertTrue(a.kho.preserved.size() >= baseline + 4, "array, memfd ser, data folio, vmalloc page");
        assertTrue(a.kho.preserved.containsKey(a.luo.sessions().outgoing.sessions().get(0).fileSet.filesPa()));
        p.close(s);
        assertEquals(List.of("preserve:t1", "preserve:t3", "unpreserve:t3", "unpreserve:t1"), calls);
        assertEquals(baseline, a.kho.preserved.size());
        // the memfd is still open and still readable, and writable beyond its old size again
        assertEquals("hello", new String(p.pread(m, 100, 0), StandardCharsets.US_ASCII));
        p.pwrite(m, new byte[] {'!'}, 5);
        p.exit();
        assertEquals(usedBefore, a.pages.usedPages(), "no page leaked");
    }

    @Test
    void freezeRunsInOrderAndWritesTheArray() {
        int s = createSession(p, dev, "s");
        preserveFd(p, s, testFd("a"), 0x10);
        preserveFd(p, s, testFd("b"), 0x20);
        long array = a.luo.sessions().outgoing.sessions().get(0).fileSet.filesPa();
        a.luo.reboot(a);
        assertEquals(List.of("preserve:a", "preserve:b", "freeze:a", "freeze:b"), calls);
        assertEquals(new LuoFileRecord("test-v1", "a".hashCode() & 0xffff, 0x10), a.luo.profile().readFile(a.mem, array, 0));
        assertEquals(new LuoFileRecord("test-v1", "b".hashCode() & 0xffff, 0x20), a.luo.profile().readFile(a.mem, array, 1));
        var entry = a.luo.profile().readSession(a.mem, a.luo.sessionBlockPa(), 0);
        assertEquals(array, entry.files());
        assertEquals(2, entry.count());
        assertEquals(2, a.mem.read64(a.luo.sessionBlockPa() + SeedV6.LUO_SESSION_HEADER_SER.size()
                + SeedV6.LUO_SESSION_SER.offset("pgcnt")), "pgcnt of the file array");
    }

    @Test
    void aFreezeFailureUnwindsAndAbortsTheReboot() {
        int s1 = createSession(p, dev, "first");
        preserveFd(p, s1, testFd("a"), 1);
        int s2 = createSession(p, dev, "second");
        preserveFd(p, s2, testFd("b"), 2);
        preserveFd(p, s2, testFd("c"), 3);
        handler.failFreezeOf = "c";
        calls.clear();
        KernelException e = assertThrows(KernelException.class, () -> a.luo.reboot(a));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(List.of("freeze:a", "freeze:b", "freeze-failed:c", "unfreeze:b", "unfreeze:a"), calls);
        assertEquals("", a.luo.profile().readSession(a.mem, a.luo.sessionBlockPa(), 0).name(), "undone entry");
        assertFalse(a.kho.finalized);
        assertTrue(a.log.contains("luo: Freeze failed for token[0x3] handler[test-v1] err[EIO]"));
        long array2 = a.luo.sessions().outgoing.sessions().get(1).fileSet.filesPa();
        assertEquals(0, a.mem.read64(array2 + SeedV6.LUO_FILE_SER.offset("token")), "the failed session's array is zeroed");
        // the system keeps running and a second attempt can succeed
        handler.failFreezeOf = null;
        a.luo.reboot(a);
        assertTrue(a.kho.finalized);
    }

    @Test
    void retrieveIsIdempotentAndFinishIsLifoAfterAllAgree() {
        int s = createSession(p, dev, "s");
        preserveFd(p, s, testFd("a"), 1);
        preserveFd(p, s, testFd("b"), 2);
        TestHandlers hb = new TestHandlers(calls);
        FakeKernel b = kexecWithHandler(hb);
        calls.clear();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bs = retrieveSession(q, bdev, "s");
        assertEquals(Errno.ENOENT, errno(() -> retrieveFd(q, bs, 3)));
        int f1 = retrieveFd(q, bs, 1);
        int f1again = retrieveFd(q, bs, 1);
        assertNotEquals(f1, f1again);
        assertEquals(q.openFds().get(f1), q.openFds().get(f1again), "the same file twice");
        assertEquals(List.of("retrieve:" + ("a".hashCode() & 0xffff)), calls);
        assertEquals(Errno.EINVAL, errno(() -> preserveFd(q, bs, q.installFd(new TestHandlers.TestFile("n")), 9)),
                "preserve into an incoming session");

        hb.refuseFinishOf = "data" + ("b".hashCode() & 0xffff);
        assertEquals(Errno.EBUSY, errno(() -> finishSession(q, bs)));
        assertEquals(2, b.luo.incomingSessions().get(0).files().size(), "nothing finished");
        hb.refuseFinishOf = null;
        finishSession(q, bs);
        assertEquals("finish:data" + ("b".hashCode() & 0xffff), calls.get(1));
        assertEquals("finish:ra".replace("ra", "r" + ("a".hashCode() & 0xffff)), calls.get(2));
        assertEquals(0, b.luo.incomingSessions().get(0).files().size());
        finishSession(q, bs); // an empty session finishes again
    }

    @Test
    void closingARetrievedSessionFinishesItOrLeaksIt() {
        int s = createSession(p, dev, "s");
        preserveFd(p, s, testFd("a"), 1);
        createSession(p, dev, "t");
        TestHandlers hb = new TestHandlers(calls);
        hb.refuseFinishOf = "data" + ("a".hashCode() & 0xffff);
        FakeKernel b = kexecWithHandler(hb);
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bs = retrieveSession(q, bdev, "s");
        q.close(bs);
        assertTrue(b.log.contains("luo: Unable to finish session [s] on release"));
        assertEquals(2, b.luo.incomingSessions().size(), "held by LUO until the next update");
        assertEquals(Errno.EINVAL, errno(() -> retrieveSession(q, bdev, "s")));
        q.close(retrieveSession(q, bdev, "t"));
        assertEquals(List.of("s"), b.luo.incomingSessions().stream().map(x -> x.name().toString()).toList());
    }

    @Test
    void anUnknownCompatibleDropsTheRestOfThatSessionOnly() {
        int s = createSession(p, dev, "s");
        preserveFd(p, s, testFd("a"), 1);
        int t = createSession(p, dev, "t");
        preserveFd(p, s, testFd("b"), 2);
        preserveFd(p, t, memfd("m"), 3);
        FakeKernel b = a.kexec(); // no test-v1 handler in kernel B
        UserProcess q = b.process();
        q.open(UserProcess.DEV_LIVEUPDATE);
        assertTrue(b.log.contains("luo: No registered handler for compatible 'test-v1'"));
        assertEquals(0, b.luo.incomingSessions().get(0).files().size());
        assertEquals(1, b.luo.incomingSessions().get(1).files().size());
    }
}
