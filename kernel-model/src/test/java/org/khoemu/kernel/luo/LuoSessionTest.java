// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.finishSession;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveSession;

class LuoSessionTest {
    /** The seed's session block, as its layout table says (this test is about LUO, not the layout). */
    private static final AbiStruct HEADER = SeedV6.LUO_SESSION_HEADER_SER;
    private static final AbiStruct ENTRY = SeedV6.LUO_SESSION_SER;

    private static long entry(long block, int i) {
        return block + HEADER.size() + (long) i * ENTRY.size();
    }

    static Errno errno(Executable call) {
        return assertThrows(KernelException.class, call).errno();
    }

    private final FakeKernel a = FakeKernel.coldBoot();
    private final UserProcess p = a.process();
    private final int dev = p.open(UserProcess.DEV_LIVEUPDATE);

    @Test
    void theDeviceIsExclusive() {
        assertEquals(Errno.EBUSY, errno(() -> p.open(UserProcess.DEV_LIVEUPDATE)));
        p.close(dev);
        int again = p.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(dev, again, "lowest free fd");
    }

    @Test
    void namesAreUniqueOverTheTruncatedField() {
        int s1 = createSession(p, dev, "alpha");
        assertTrue(s1 >= 3);
        assertEquals(Errno.EEXIST, errno(() -> createSession(p, dev, "alpha")));
        createSession(p, dev, "beta");
        String x55 = "x".repeat(55);
        createSession(p, dev, x55 + "tail-that-is-dropped");
        assertEquals(Errno.EEXIST, errno(() -> createSession(p, dev, x55)));
        assertEquals(Errno.EEXIST, errno(() -> createSession(p, dev, x55 + "other")));
        assertEquals(List.of("alpha", "beta", x55),
                a.luo.outgoingSessions().stream().map(s -> s.name().toString()).toList());
        assertEquals("[luo_session] alpha", p.openFds().get(s1));
    }

    @Test
    void theBlockHolds819SessionsAndThe820thIsEnomem() {
        for (int i = 0; i < 819; i++) {
            createSession(p, dev, "s" + i);
        }
        assertEquals(Errno.ENOMEM, errno(() -> createSession(p, dev, "s819")));
        // a full list still reports a duplicate as ENOMEM first, as the seed checks room first
        assertEquals(Errno.ENOMEM, errno(() -> createSession(p, dev, "s0")));
    }

    @Test
    void closingAnOutgoingSessionForgetsIt() {
        int s = createSession(p, dev, "gone");
        p.close(s);
        assertEquals(0, a.luo.outgoingSessions().size());
        createSession(p, dev, "gone");
    }

    @Test
    void sessionsSerializeInCreationOrderAndComeBackOnFirstOpen() {
        createSession(p, dev, "one");
        int two = createSession(p, dev, "two");
        createSession(p, dev, "three");
        p.close(two);
        createSession(p, dev, "four");
        long block = a.luo.sessionBlockPa();
        FakeKernel b = a.kexec();

        assertEquals(3, a.mem.read64(block + HEADER.offset("count")), "header count");
        assertEquals("one", a.luo.profile().readSession(a.mem, block, 0).name());
        assertEquals("three", a.luo.profile().readSession(a.mem, block, 1).name());
        assertEquals("four", a.luo.profile().readSession(a.mem, block, 2).name());
        assertEquals(0, a.mem.read8(entry(block, 3)), "unused entries stay zero");

        assertEquals(block, b.luo.incomingSessionBlockPa());
        assertEquals(0, b.luo.incomingSessions().size(), "nothing before the first open");
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(List.of("one", "three", "four"),
                b.luo.incomingSessions().stream().map(s -> s.name().toString()).toList());
        assertTrue(b.steps.contains("luo_session_deserialize"));
        assertEquals(null, b.kho.restoreFolio(block), "the block was restored and freed");

        int one = retrieveSession(q, bdev, "one");
        assertEquals(Errno.EINVAL, errno(() -> retrieveSession(q, bdev, "one")));
        assertEquals(Errno.ENOENT, errno(() -> retrieveSession(q, bdev, "two")));
        assertTrue(b.luo.incomingSessions().get(0).retrieved());
        finishSession(q, one);
        q.close(one);
        assertEquals(List.of("three", "four"), b.luo.incomingSessions().stream().map(s -> s.name().toString()).toList());

        // the device reopens without deserializing again
        q.close(bdev);
        b.steps.clear();
        q.open(UserProcess.DEV_LIVEUPDATE);
        assertTrue(!b.steps.contains("luo_session_deserialize"));
        assertEquals(2, b.luo.incomingSessions().size());
    }

    @Test
    void theIncomingPgcntIsKeptInTheSession() {
        createSession(p, dev, "pages");
        long block = a.luo.sessionBlockPa();
        // whatever the entry says is what session->pgcnt holds (the seed copies it unchecked)
        a.beforeHandover = () -> a.mem.write64(entry(block, 0) + ENTRY.offset("pgcnt"), 7);
        FakeKernel b = a.kexec();
        b.process().open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(7, b.luo.incomingSessions().get(0).pgcnt());
        assertEquals(0, a.luo.outgoingSessions().get(0).pgcnt(), "no file array, no pages");
    }

    @Test
    void serializeWritesTheSessionsPgcnt() {
        int s = createSession(p, dev, "with-file");
        org.khoemu.kernel.uapi.Liveupdate.preserveFd(p, s, p.memfdCreate("m"), 1);
        createSession(p, dev, "without");
        long block = a.luo.sessionBlockPa();
        FakeKernel b = a.kexec();
        assertEquals(2, a.luo.outgoingSessions().get(0).pgcnt(), "the session holds its file array's pages");
        assertEquals(0, a.luo.outgoingSessions().get(1).pgcnt());
        assertEquals(2, a.mem.read64(entry(block, 0) + ENTRY.offset("pgcnt")));
        assertEquals(0, a.mem.read64(entry(block, 1) + ENTRY.offset("pgcnt")));
        b.process().open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(List.of(2L, 0L), b.luo.incomingSessions().stream().map(LuoSessionInfo::pgcnt).toList());
    }

    @Test
    void aLongNameIsRetrievedByItsSurvivingPrefix() {
        String longName = "n".repeat(60);
        createSession(p, dev, longName);
        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        // strncmp over the 56-byte field: the 60-character name no longer matches
        assertEquals(Errno.ENOENT, errno(() -> retrieveSession(q, bdev, longName)));
        retrieveSession(q, bdev, "n".repeat(55));
    }

    @Test
    void newSessionsInKernelBSurviveTheNextUpdate() {
        createSession(p, dev, "from-a");
        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        createSession(q, bdev, "from-b");
        createSession(q, bdev, "from-a"); // outgoing and incoming lists are separate
        FakeKernel c = b.kexec();
        UserProcess r = c.process();
        r.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(List.of("from-b", "from-a"), c.luo.incomingSessions().stream().map(s -> s.name().toString()).toList());
        assertEquals(3, c.luo.liveupdateNumber());
    }

    /** Kernel A of generation {@code abi} with sessions "same" and "other", and their block. */
    private static FakeKernel twoSessions(String abi) {
        LuoAbiProfile prof = LuoAbiProfiles.byName(abi);
        FakeKernel k = FakeKernel.coldBoot("kho=on liveupdate=on", new Luo(prof));
        UserProcess u = k.process();
        int d = u.open(UserProcess.DEV_LIVEUPDATE);
        createSession(u, d, "same");
        createSession(u, d, "other");
        return k;
    }

    /**
     * The first open after a failed deserialization: the seed's luo_open ignores the result
     * (open succeeds), v6.19 returns EIO. Either way it is not retried: the next open succeeds.
     */
    private static void assertFirstOpenAfterFailure(FakeKernel b) {
        UserProcess q = b.process();
        if (b.luo.profile().openFailsOnDeserializeError()) {
            assertEquals(Errno.EIO, errno(() -> q.open(UserProcess.DEV_LIVEUPDATE)));
        } else {
            q.close(q.open(UserProcess.DEV_LIVEUPDATE));
        }
        assertTrue(b.log.contains("luo: deserializing incoming sessions failed: "), b.log.lines().toString());
        b.steps.clear();
        q.open(UserProcess.DEV_LIVEUPDATE);
        assertTrue(!b.steps.contains("luo_session_deserialize"), "deserialization is not retried");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void aCorruptSessionCountFailsDeserializationAsTheGenerationDoes(String abi) {
        FakeKernel k = twoSessions(abi);
        long block = k.luo.sessionBlockPa();
        long countAt = block + k.luo.profile().sessionHeaderSize() - 8;
        k.beforeHandover = () -> k.mem.write64(countAt, 5000);
        FakeKernel b = k.kexec(new Luo(k.luo.profile()));
        assertFirstOpenAfterFailure(b);
        // khoemu's bound (the kernels would read past the block): see LuoSessions.deserialize
        assertTrue(b.log.contains("luo: Incoming session count 5000 exceeds LUO_SESSION_MAX 819"));
        assertEquals(0, b.luo.incomingSessions().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void duplicateIncomingNamesStopDeserialization(String abi) {
        FakeKernel k = twoSessions(abi);
        long block = k.luo.sessionBlockPa();
        var prof = k.luo.profile();
        k.beforeHandover = () -> CString.write(k.mem, block + prof.sessionHeaderSize() + prof.sessionEntrySize(),
                prof.sessionNameLength(), "same");
        FakeKernel b = k.kexec(new Luo(prof));
        assertFirstOpenAfterFailure(b);
        assertTrue(b.log.contains("luo: Failed to insert session [same] -EEXIST"));
        assertEquals(1, b.luo.incomingSessions().size(), "no undo of what was restored");
    }
}
