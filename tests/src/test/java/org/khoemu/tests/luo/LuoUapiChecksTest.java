// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.luo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.proc.UserProcess;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.finishSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveSession;

/**
 * Profile x operation -> errno for the session-fd rules that changed after 6.19.6 (read in the
 * 6.19.6 source: {@code luo_session_ioctl} checks no session type, {@code luo_preserve_file} no
 * double preserve). The seed and v6.19 profiles answer as 6.19.6; the newest generation's checks
 * ({@link LuoUapiChecks#NEWEST}) answer EINVAL / EBUSY. Each column is one machine: kernel A, a
 * real guest-code kexec, kernel B.
 */
class LuoUapiChecksTest {
    private static final int OK = 0;
    private static final int EINVAL = Errno.EINVAL.value();
    private static final int EBUSY = Errno.EBUSY.value();
    private static final int ENOENT = Errno.ENOENT.value();
    private static final int EEXIST = Errno.EEXIST.value();
    private static final int EIO = Errno.EIO.value();

    /** operation, errno under 6.19.6 (seed, v6.19), errno under the newest checks. */
    private static final Object[][] TABLE = {
        {"A: PRESERVE_FD of a memfd already preserved, same session, other token", OK, EBUSY},
        {"A: PRESERVE_FD of a memfd already preserved in another session", OK, EBUSY},
        {"A: FINISH on an empty outgoing session", OK, EINVAL},
        {"A: FINISH on an outgoing session holding a memfd", OK, EINVAL},
        {"A: RETRIEVE_FD of an unknown token on an outgoing session", ENOENT, EINVAL},
        {"A: RETRIEVE_FD of a preserved memfd on an outgoing session", EINVAL, EINVAL},
        {"B: PRESERVE_FD into a retrieved session", OK, EINVAL},
        {"B: PRESERVE_FD into a retrieved session with an inherited token", EEXIST, EINVAL},
        {"B: RETRIEVE_FD of the first token of a memfd preserved twice", OK, OK},
        {"B: RETRIEVE_FD of the second token of a memfd preserved twice", EIO, ENOENT},
        {"B: FINISH of a session holding a memfd preserved twice, nothing retrieved", OK, OK},
        {"B: RETRIEVE_SESSION after closing a retrieved session without FINISH", ENOENT, ENOENT},
    };

    static Stream<Arguments> columns() {
        // each profile with its own generation's checks: 6.19.6's (column 1) or the newest (column 2, luo-v5)
        Stream<Arguments> faithful = LuoAbiProfiles.all().stream().map(p -> Arguments.of(p.name(), p, null,
                LuoUapiChecks.of(p).equals(LuoUapiChecks.V6_19_6) ? 1 : 2));
        return Stream.concat(faithful, Stream.of(Arguments.of("newest", LuoAbiProfiles.DEFAULT, LuoUapiChecks.NEWEST, 2)));
    }

    private static int errno(Runnable r) {
        try {
            r.run();
            return OK;
        } catch (KernelException e) {
            return e.errno().value();
        }
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static int memfd(UserProcess p, byte[] content) {
        int fd = p.memfdCreate("m");
        p.write(fd, content);
        return fd;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("columns")
    void errnoTable(String column, LuoAbiProfile profile, LuoUapiChecks checks, int expectedColumn) {
        Map<String, Integer> got = new LinkedHashMap<>();
        byte[] twice = pattern(3 * 4096 + 5, 1);
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, profile, checks)) {
            UserProcess p = rig.process();
            int dev = p.open(UserProcess.DEV_LIVEUPDATE);
            int s1 = createSession(p, dev, "a1");
            int m1 = memfd(p, pattern(100, 2));
            preserveFd(p, s1, m1, 1);
            got.put((String) TABLE[0][0], errno(() -> preserveFd(p, s1, m1, 2)));
            int s2 = createSession(p, dev, "a2");
            got.put((String) TABLE[1][0], errno(() -> preserveFd(p, s2, m1, 1)));
            int empty = createSession(p, dev, "a3");
            got.put((String) TABLE[2][0], errno(() -> finishSession(p, empty)));
            int s4 = createSession(p, dev, "a4");
            preserveFd(p, s4, memfd(p, pattern(5000, 3)), 1);
            got.put((String) TABLE[3][0], errno(() -> finishSession(p, s4)));
            int s5 = createSession(p, dev, "a5");
            got.put((String) TABLE[4][0], errno(() -> retrieveFd(p, s5, 9)));
            int s6 = createSession(p, dev, "a6");
            preserveFd(p, s6, memfd(p, pattern(5000, 4)), 1);
            got.put((String) TABLE[5][0], errno(() -> retrieveFd(p, s6, 1)));
            // for kernel B: a plain session, and two sessions each asked to hold one memfd twice
            int keep = createSession(p, dev, "keep");
            preserveFd(p, keep, memfd(p, pattern(200, 5)), 7);
            int dup = createSession(p, dev, "dup");
            int md = memfd(p, twice);
            preserveFd(p, dup, md, 1);
            errno(() -> preserveFd(p, dup, md, 2));
            int dup2 = createSession(p, dev, "dup2");
            int md2 = memfd(p, pattern(4096, 6));
            preserveFd(p, dup2, md2, 1);
            errno(() -> preserveFd(p, dup2, md2, 2));
            int closeMe = createSession(p, dev, "close-me");
            preserveFd(p, closeMe, memfd(p, pattern(300, 7)), 1);

            rig.liveUpdate();
            UserProcess q = rig.process();
            int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
            int bk = retrieveSession(q, bdev, "keep");
            got.put((String) TABLE[6][0], errno(() -> preserveFd(q, bk, memfd(q, pattern(10, 8)), 8)));
            got.put((String) TABLE[7][0], errno(() -> preserveFd(q, bk, memfd(q, pattern(10, 9)), 7)));
            int bd = retrieveSession(q, bdev, "dup");
            int[] first = new int[1];
            got.put((String) TABLE[8][0], errno(() -> first[0] = retrieveFd(q, bd, 1)));
            assertArrayEquals(twice, q.pread(first[0], twice.length, 0), "the first token's memfd is intact");
            got.put((String) TABLE[9][0], errno(() -> retrieveFd(q, bd, 2)));
            int bd2 = retrieveSession(q, bdev, "dup2");
            got.put((String) TABLE[10][0], errno(() -> finishSession(q, bd2)));
            q.close(retrieveSession(q, bdev, "close-me"));
            got.put((String) TABLE[11][0], errno(() -> retrieveSession(q, bdev, "close-me")));
            if (expectedColumn == 1) {
                // what 6.19.6 logs where it does not refuse: KHO's magic check, as a WARNING
                assertTrue(rig.log().contains("Unable to restore folio"), "the second restore is refused by KHO");
                assertTrue(rig.log().contains("WARNING: kho_restore_page"), "and warned about");
            }
        }
        Map<String, Integer> want = new LinkedHashMap<>();
        for (Object[] row : TABLE) {
            want.put((String) row[0], (Integer) row[expectedColumn]);
        }
        assertEquals(table(want), table(got), column);
    }

    /** One line per operation, errno by name: a failure shows the whole column. */
    private static String table(Map<String, Integer> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((op, e) -> b.append(op).append(" -> ").append(e == 0 ? "0" : name(e)).append('\n'));
        return b.toString();
    }

    private static String name(int v) {
        return Arrays.stream(Errno.values()).filter(e -> e.value() == v).map(Enum::name).findFirst()
                .orElse(Integer.toString(v));
    }
}
