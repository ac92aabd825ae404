// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;

/**
 * The faithful (linear) and hashed duplicate checks of deserialization agree: the same sessions
 * in the same order for a good block, the same errno and the same partial list for a bad one.
 */
class LuoSessionLookupTest {
    /** What one rebuild produced: the sessions (name, pgcnt, files) and the errno, if any. */
    private record Outcome(List<String> sessions, Errno errno) {
    }

    private static Outcome rebuild(FakeKernel k, LuoSessionLookup lookup) {
        List<String> seen = new ArrayList<>();
        Consumer<LuoSessionList> partial = l -> l.sessions().forEach(
                s -> seen.add(s.name() + "/" + s.pgcnt() + "/" + s.fileCount()));
        try {
            k.luo.sessions().rebuild(k.luo.sessionBlockPa(), lookup, partial);
            return new Outcome(seen, null);
        } catch (KernelException e) {
            return new Outcome(seen, e.errno());
        }
    }

    /** Kernel A with {@code n} sessions ({@code files} memfds in every third one), serialized. */
    private static FakeKernel serialized(String abi, int n, int files) {
        return serialized(abi, n, files, KernelMode.FAITHFUL);
    }

    private static FakeKernel serialized(String abi, int n, int files, KernelMode mode) {
        LuoAbiProfile prof = LuoAbiProfiles.byName(abi);
        FakeKernel a = FakeKernel.coldBoot("kho=on liveupdate=on", new Luo(prof, mode));
        UserProcess p = a.process();
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        for (int i = 0; i < n; i++) {
            int s = createSession(p, dev, "session-" + i);
            for (int j = 0; i % 3 == 0 && j < files; j++) {
                int fd = p.memfdCreate("m");
                p.write(fd, new byte[] {(byte) i, (byte) j});
                preserveFd(p, s, fd, ((long) i << 8) | j);
            }
        }
        a.luo.sessions().serialize();
        return a;
    }

    private static void assertAgree(FakeKernel k, Errno expected, int expectedSessions) {
        Outcome faithful = rebuild(k, LuoSessionLookup.FAITHFUL);
        Outcome hashed = rebuild(k, LuoSessionLookup.HASHED);
        assertEquals(expected, faithful.errno(), "faithful errno");
        assertEquals(expectedSessions, faithful.sessions().size(), "faithful sessions");
        assertEquals(faithful, hashed);
    }

    private static void writeName(FakeKernel k, int index, String name) {
        LuoAbiProfile prof = k.luo.profile();
        CString.write(k.mem, k.luo.sessionBlockPa() + prof.sessionHeaderSize() + (long) index * prof.sessionEntrySize(),
                prof.sessionNameLength(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void aFullBlockRebuildsTheSameSessions(String abi) {
        FakeKernel k = serialized(abi, 819, 2);
        assertAgree(k, null, 819);
        assertTrue(rebuild(k, LuoSessionLookup.HASHED).sessions().contains("session-3/2/2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void duplicateNamesStopBothAtTheSameEntry(String abi) {
        FakeKernel k = serialized(abi, 40, 1);
        writeName(k, 17, "session-4");
        assertAgree(k, Errno.EEXIST, 17);
        writeName(k, 17, "session-17");
        writeName(k, 39, "session-38");
        assertAgree(k, Errno.EEXIST, 39);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void namesEqualOverTheFieldAreDuplicatesInBoth(String abi) {
        FakeKernel k = serialized(abi, 10, 0);
        int field = k.luo.profile().sessionNameLength();
        String longName = "y".repeat(field - 1);
        writeName(k, 2, longName);
        // no NUL in the whole field: the survivor is the same field - 1 bytes
        LuoAbiProfile prof = k.luo.profile();
        long at = k.luo.sessionBlockPa() + prof.sessionHeaderSize() + 6L * prof.sessionEntrySize();
        k.mem.write(at, CString.bytes("y".repeat(field)));
        assertAgree(k, Errno.EEXIST, 6);
    }

    @ParameterizedTest
    @ValueSource(longs = {820, 5000, -1, Long.MIN_VALUE})
    void badCountsGiveTheSameErrno(long count) {
        FakeKernel h = serialized("seed-v6", 5, 1, KernelMode.HARDENED);
        LuoAbiProfile prof = h.luo.profile();
        prof.writeSessionCount(h.mem, h.luo.sessionBlockPa(), count);
        assertAgree(h, Errno.EINVAL, 0);
        prof.writeSessionCount(h.mem, h.luo.sessionBlockPa(), 819);
        // hardened: the first entry past the 5 written has an empty name, refused
        assertAgree(h, Errno.EINVAL, 5);
        // the seed trusts the count and takes one empty name; the second equals it
        FakeKernel k = serialized("seed-v6", 5, 1);
        prof.writeSessionCount(k.mem, k.luo.sessionBlockPa(), count);
        assertAgree(k, Errno.EEXIST, 6);
        prof.writeSessionCount(k.mem, k.luo.sessionBlockPa(), 819);
        assertAgree(k, Errno.EEXIST, 6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void theHashedLookupOnTheRealPathRestoresTheSameSessions(String abi) {
        FakeKernel a = serialized(abi, 50, 1);
        FakeKernel b = a.kexec(new Luo(a.luo.profile()));
        b.luo.sessions().useIncomingLookup(LuoSessionLookup.HASHED);
        UserProcess q = b.process();
        q.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(50, b.luo.incomingSessions().size());
        assertNotNull(b.luo.sessions().incoming.findByName("session-49"));
        assertEquals(LuoSessionLookup.HASHED, b.luo.sessions().incoming.lookup());
    }

    /** Direct list operations, including names no uAPI call produces: both lookups agree. */
    @org.junit.jupiter.api.Test
    void bothListsAgreeOnOddNamesAndRemovals() {
        String x55 = "x".repeat(55);
        List<String> names = List.of("a", "ab", "session-1", x55, "\u0100wide", "caf\u00e9", "b");
        List<String> probes = List.of("a", "ab", "ab\0", "abc", x55, x55 + "y", "\u0100wide", "?wide", "caf\u00e9",
                "b", "", "session-1");
        LuoSessionList faithful = new LuoSessionList(56, -1, LuoSessionLookup.FAITHFUL);
        LuoSessionList hashed = new LuoSessionList(56, -1, LuoSessionLookup.HASHED);
        List<LuoSession> fs = new ArrayList<>();
        List<LuoSession> hs = new ArrayList<>();
        for (String n : names) {
            LuoSession f = new LuoSession(n);
            LuoSession h = new LuoSession(n);
            faithful.insert(f);
            hashed.insert(h);
            fs.add(f);
            hs.add(h);
        }
        for (int round = 0; round < 3; round++) {
            for (String p : probes) {
                LuoSession f = faithful.findByName(p);
                LuoSession h = hashed.findByName(p);
                assertEquals(f == null ? -1 : fs.indexOf(f), h == null ? -1 : hs.indexOf(h), "probe [" + p + "]");
            }
            Errno fe = null;
            Errno he = null;
            try {
                faithful.insert(new LuoSession("ab"));
            } catch (KernelException e) {
                fe = e.errno();
            }
            try {
                hashed.insert(new LuoSession("ab"));
            } catch (KernelException e) {
                he = e.errno();
            }
            assertEquals(Errno.EEXIST, fe);
            assertEquals(fe, he);
            // take one out (the middle, then the first): the rest is still found, the gone one not
            int gone = round == 0 ? 3 : 0;
            faithful.remove(fs.remove(gone));
            hashed.remove(hs.remove(gone));
        }
        assertEquals(null, faithful.findByName(x55));
        assertNotNull(faithful.findByName("caf\u00e9"));
        assertEquals(faithful.count(), hashed.count());
    }
}
