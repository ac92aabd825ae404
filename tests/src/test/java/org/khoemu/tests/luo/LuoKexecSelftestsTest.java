// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.uapi.Liveupdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's two-stage live update selftests (abi-reference 5.2) with their session names,
 * tokens and data, run on the emulated machine: stage 1 on kernel A, a real kexec through the
 * emulated CPU, stage 2 on kernel B, which knows only RAM and registers. Each test program
 * finds its stage from the state session it preserved, as the originals do.
 */
class LuoKexecSelftestsTest {
    private static void simpleStage1(LuoTestUtils t, int luoFd) {
        t.print("[STAGE 1] Starting pre-kexec setup...");
        t.createStateFile(luoFd, "kexec_simple_state", 999, 2);
        int s = Liveupdate.createSession(t.p, luoFd, "test-session");
        t.createAndPreserveMemfd(s, 0x1A, "hello kexec world");
        t.daemonizeAndWait(luoFd);
    }

    private static void simpleStage2(LuoTestUtils t, int luoFd, int stateFd) {
        t.expectStage(stateFd, 999, 2);
        int s = Liveupdate.retrieveSession(t.p, luoFd, "test-session");
        t.p.close(t.restoreAndVerifyMemfd(s, 0x1A, "hello kexec world"));
        t.print("[STAGE 2] Test data verified successfully.");
        t.finish(s);
        t.finish(stateFd);
        t.print("--- SIMPLE KEXEC TEST PASSED ---");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "seed-v6-name64", "v6.19", "luo-v5"})
    void luoKexecSimple(String profile) {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName(profile))) {
            LuoTestUtils a = rig.program();
            a.luoTest(1, "kexec_simple_state", LuoKexecSelftestsTest::simpleStage1, LuoKexecSelftestsTest::simpleStage2);
            assertEquals(List.of("kexec_simple_state", "test-session"), rig.outgoingNames());

            rig.liveUpdate();
            assertTrue(rig.log().contains("luo: Retrieved live update data, liveupdate number: 1"));
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_simple_state", LuoKexecSelftestsTest::simpleStage1, LuoKexecSelftestsTest::simpleStage2);
            assertTrue(b.passed(), b.output.toString());
            assertEquals(List.of(), rig.luo().incomingSessions(), "every session finished and closed");
        }
    }

    @Test
    void stageDetectionRefusesTheWrongStage() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            LuoTestUtils a = rig.program();
            var e = assertThrows(LuoTestUtils.FailExit.class, () -> a.luoTest(2, "kexec_simple_state",
                    LuoKexecSelftestsTest::simpleStage1, LuoKexecSelftestsTest::simpleStage2));
            assertEquals("Stage mismatch Requested stage 2, but system is in stage 1", e.getMessage());
        }
    }

    private static final String EMPTY_1 = "multi-test-empty-1";
    private static final String EMPTY_2 = "multi-test-empty-2";
    private static final String FILES_1 = "multi-test-files-1";
    private static final String FILES_2 = "multi-test-files-2";

    private static void multiStage1(LuoTestUtils t, int luoFd) {
        t.createStateFile(luoFd, "kexec_multi_state", 998, 2);
        Liveupdate.createSession(t.p, luoFd, EMPTY_1);
        Liveupdate.createSession(t.p, luoFd, EMPTY_2);
        int f1 = Liveupdate.createSession(t.p, luoFd, FILES_1);
        t.createAndPreserveMemfd(f1, 0x1001, "Data for session files 1");
        int f2 = Liveupdate.createSession(t.p, luoFd, FILES_2);
        t.createAndPreserveMemfd(f2, 0x2002, "First file for session files 2");
        t.createAndPreserveMemfd(f2, 0x3003, "Second file for session files 2");
        t.daemonizeAndWait(luoFd);
    }

    private static void multiStage2(LuoTestUtils t, int luoFd, int stateFd) {
        t.expectStage(stateFd, 998, 2);
        int e1 = Liveupdate.retrieveSession(t.p, luoFd, EMPTY_1);
        int e2 = Liveupdate.retrieveSession(t.p, luoFd, EMPTY_2);
        int f1 = Liveupdate.retrieveSession(t.p, luoFd, FILES_1);
        int f2 = Liveupdate.retrieveSession(t.p, luoFd, FILES_2);
        t.p.close(t.restoreAndVerifyMemfd(f1, 0x1001, "Data for session files 1"));
        t.p.close(t.restoreAndVerifyMemfd(f2, 0x2002, "First file for session files 2"));
        t.p.close(t.restoreAndVerifyMemfd(f2, 0x3003, "Second file for session files 2"));
        for (int fd : new int[] {e1, e2, f1, f2, stateFd}) {
            t.finish(fd);
        }
        t.print("--- MULTI-SESSION KEXEC TEST PASSED ---");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "seed-v6-name64", "v6.19", "luo-v5"})
    void luoMultiSession(String profile) {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName(profile))) {
            rig.program().luoTest(1, "kexec_multi_state", LuoKexecSelftestsTest::multiStage1,
                    LuoKexecSelftestsTest::multiStage2);
            rig.liveUpdate();
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_multi_state", LuoKexecSelftestsTest::multiStage1, LuoKexecSelftestsTest::multiStage2);
            assertTrue(b.passed(), b.output.toString());
        }
    }

    /** 2000 sessions asked for; the seed's 16-page block has room for 819, state session included. */
    private static void stressSessionsStage1(LuoTestUtils t, int luoFd) {
        t.createStateFile(luoFd, "kexec_many_state", 999, 2);
        for (int i = 0; i < 2000; i++) {
            try {
                Liveupdate.createSession(t.p, luoFd, "many-test-" + i);
            } catch (KernelException e) {
                t.print("create many-test-" + i + ": " + e.errno());
                break;
            }
        }
        t.daemonizeAndWait(luoFd);
    }

    private static void stressSessionsStage2(LuoTestUtils t, int luoFd, int stateFd) {
        t.expectStage(stateFd, 999, 2);
        int i = 0;
        for (; ; i++) {
            int fd;
            try {
                fd = Liveupdate.retrieveSession(t.p, luoFd, "many-test-" + i);
            } catch (KernelException e) {
                t.print("retrieve many-test-" + i + ": " + e.errno());
                break;
            }
            t.finish(fd);
        }
        t.finish(stateFd);
        t.print("--- MANY-SESSIONS KEXEC TEST PASSED (" + i + " sessions) ---");
    }

    /**
     * LUO_SESSION_MAX of each block layout (abi-reference 1.4): the seed's 80-byte entries fill
     * the 16 pages with 819, seed-v6-name64's 88-byte ones leave room for 744. The state session
     * takes one slot, so many-test-(max - 1) is the first refused and max - 1 come back.
     */
    @ParameterizedTest
    @CsvSource({"seed-v6, 819", "seed-v6-name64, 744"})
    void luoStressSessionsStopsAtTheBlocksLimit(String profile, int max) {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName(profile))) {
            LuoTestUtils a = rig.program();
            a.luoTest(1, "kexec_many_state", LuoKexecSelftestsTest::stressSessionsStage1,
                    LuoKexecSelftestsTest::stressSessionsStage2);
            assertEquals("create many-test-" + (max - 1) + ": ENOMEM", a.output.get(0),
                    "session " + (max + 1) + " does not fit");
            assertEquals(max, rig.outgoingNames().size());

            rig.liveUpdate();
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_many_state", LuoKexecSelftestsTest::stressSessionsStage1,
                    LuoKexecSelftestsTest::stressSessionsStage2);
            assertEquals("retrieve many-test-" + (max - 1) + ": ENOENT", b.output.get(0));
            assertTrue(b.output.contains("--- MANY-SESSIONS KEXEC TEST PASSED (" + (max - 1) + " sessions) ---"),
                    b.output.toString());
        }
    }

    /**
     * luo-v5 (abi-reference 2.3): the session chain grows a block per 51 sessions, so all 2000
     * of the kernel's test and the state session go across (40 blocks), and all come back.
     */
    @Test
    void luoStressSessionsKeepsAllTwoThousandUnderLuoV5() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName("luo-v5"))) {
            LuoTestUtils a = rig.program();
            a.luoTest(1, "kexec_many_state", LuoKexecSelftestsTest::stressSessionsStage1,
                    LuoKexecSelftestsTest::stressSessionsStage2);
            assertEquals(List.of("[STAGE 1] Child PID: 1. Resources are pinned."), a.output, "no create refused");
            assertEquals(2001, rig.outgoingNames().size());

            rig.liveUpdate();
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_many_state", LuoKexecSelftestsTest::stressSessionsStage1,
                    LuoKexecSelftestsTest::stressSessionsStage2);
            assertEquals("retrieve many-test-2000: ENOENT", b.output.get(0));
            assertTrue(b.output.contains("--- MANY-SESSIONS KEXEC TEST PASSED (2000 sessions) ---"), b.output.toString());
            assertEquals(List.of(), rig.luo().incomingSessions(), "every session finished and closed");
        }
    }

    /** A 63-character name: the seed's name[56] keeps 55 of them, name[64] all 63, across the kexec. */
    @ParameterizedTest
    @CsvSource({"seed-v6, 55", "seed-v6-name64, 63", "v6.19, 63", "luo-v5, 63"})
    void aLongSessionNameKeepsWhatItsFieldHolds(String profile, int kept) {
        String name = "n".repeat(60) + "end";
        LuoTestUtils.Stage1 create = (t, fd) -> {
            t.createStateFile(fd, "kexec_name_state", 997, 2);
            Liveupdate.createSession(t.p, fd, name);
            t.daemonizeAndWait(fd);
        };
        LuoTestUtils.Stage2 retrieve = (t, fd, state) -> {
            t.expectStage(state, 997, 2);
            t.finish(Liveupdate.retrieveSession(t.p, fd, name.substring(0, kept)));
            t.finish(state);
            t.print("retrieved " + kept);
        };
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName(profile))) {
            rig.program().luoTest(1, "kexec_name_state", create, retrieve);
            rig.liveUpdate();
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_name_state", create, retrieve);
            assertEquals(List.of("retrieved " + kept), b.output);
        }
    }

    /** 500 memfds asked for; a seed session holds 128 files. */
    private static void stressFilesStage1(LuoTestUtils t, int luoFd) {
        t.createStateFile(luoFd, "kexec_many_files_state", 9999, 2);
        int s = Liveupdate.createSession(t.p, luoFd, "many_files_session");
        for (int i = 0; i < 500; i++) {
            try {
                t.createAndPreserveMemfd(s, i, "file-data-" + i);
            } catch (KernelException e) {
                t.print("preserve " + i + ": " + e.errno());
                break;
            }
        }
        t.daemonizeAndWait(luoFd);
    }

    private static void stressFilesStage2(LuoTestUtils t, int luoFd, int stateFd) {
        t.expectStage(stateFd, 9999, 2);
        int s = Liveupdate.retrieveSession(t.p, luoFd, "many_files_session");
        for (int i = 0; i < 128; i++) {
            t.p.close(t.restoreAndVerifyMemfd(s, i, "file-data-" + i));
        }
        var e = assertThrows(KernelException.class, () -> Liveupdate.retrieveFd(t.p, s, 128));
        assertEquals(Errno.ENOENT, e.errno());
        t.finish(s);
        t.finish(stateFd);
        t.print("--- MANY-FILES KEXEC TEST PASSED (128 files) ---");
    }

    private static final int V5_FILES = 1000;

    private static void thousandFilesStage1(LuoTestUtils t, int luoFd) {
        t.createStateFile(luoFd, "kexec_many_files_state", 9999, 2);
        int s = Liveupdate.createSession(t.p, luoFd, "many_files_session");
        for (int i = 0; i < V5_FILES; i++) {
            t.createAndPreserveMemfd(s, i, "file-data-" + i);
        }
        t.daemonizeAndWait(luoFd);
    }

    private static void thousandFilesStage2(LuoTestUtils t, int luoFd, int stateFd) {
        t.expectStage(stateFd, 9999, 2);
        int s = Liveupdate.retrieveSession(t.p, luoFd, "many_files_session");
        for (int i = 0; i < V5_FILES; i++) {
            t.p.close(t.restoreAndVerifyMemfd(s, i, "file-data-" + i));
        }
        var e = assertThrows(KernelException.class, () -> Liveupdate.retrieveFd(t.p, s, V5_FILES));
        assertEquals(Errno.ENOENT, e.errno());
        t.finish(s);
        t.finish(stateFd);
        t.print("--- MANY-FILES KEXEC TEST PASSED (" + V5_FILES + " files) ---");
    }

    /** luo-v5: a session's files are a chain (63 per block), so 1000 memfds (16 blocks) go across and come back. */
    @Test
    void aThousandFilesInOneSessionUnderLuoV5() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName("luo-v5"))) {
            LuoTestUtils a = rig.program();
            a.luoTest(1, "kexec_many_files_state", LuoKexecSelftestsTest::thousandFilesStage1,
                    LuoKexecSelftestsTest::thousandFilesStage2);
            rig.liveUpdate();
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_many_files_state", LuoKexecSelftestsTest::thousandFilesStage1,
                    LuoKexecSelftestsTest::thousandFilesStage2);
            assertTrue(b.passed(), b.output.toString());
            assertTrue(b.output.contains("--- MANY-FILES KEXEC TEST PASSED (1000 files) ---"), b.output.toString());
        }
    }

    @Test
    void luoStressFilesStopsAt128UnderTheSeedLayout() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            LuoTestUtils a = rig.program();
            a.luoTest(1, "kexec_many_files_state", LuoKexecSelftestsTest::stressFilesStage1,
                    LuoKexecSelftestsTest::stressFilesStage2);
            assertEquals(List.of("preserve 128: ENOSPC", "[STAGE 1] Child PID: 1. Resources are pinned."), a.output);
            rig.liveUpdate();
            LuoTestUtils b = rig.program();
            b.luoTest(2, "kexec_many_files_state", LuoKexecSelftestsTest::stressFilesStage1,
                    LuoKexecSelftestsTest::stressFilesStage2);
            assertTrue(b.passed(), b.output.toString());
        }
    }
}
