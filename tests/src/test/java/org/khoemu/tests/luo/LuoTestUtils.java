// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The selftests' userspace library (luo_test_utils) as a Java program running on the emulated
 * kernel: one-page memfds written "through mmap", a state session carrying the next stage
 * across the kexec, and the stage detection of {@code luo_test()}. Messages go to
 * {@link #output}, the serial log the original tests are judged by.
 */
final class LuoTestUtils {
    static final int PAGE = 4096;

    final UserProcess p;
    final List<String> output = new ArrayList<>();

    LuoTestUtils(UserProcess p) {
        this.p = p;
    }

    void print(String msg) {
        output.add(msg);
    }

    boolean passed() {
        return output.stream().anyMatch(l -> l.contains("TEST PASSED"));
    }

    /** A failure of the test program itself: the stage exits non-zero with this message. */
    static final class FailExit extends RuntimeException {
        FailExit(String msg, Throwable cause) {
            super(msg, cause);
        }
    }

    static FailExit fail(String msg, Throwable cause) {
        return new FailExit(msg, cause);
    }

    /** memfd_create, ftruncate to one page, the data written (as snprintf into the mapping), PRESERVE_FD, close. */
    void createAndPreserveMemfd(int sessionFd, long token, String data) {
        int mfd = p.memfdCreate("test_mfd");
        try {
            p.ftruncate(mfd, PAGE);
            byte[] page = new byte[PAGE];
            byte[] d = data.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(d, 0, page, 0, Math.min(d.length, PAGE - 1));
            p.pwrite(mfd, page, 0);
            Liveupdate.preserveFd(p, sessionFd, mfd, token);
        } finally {
            p.close(mfd);
        }
    }

    /** RETRIEVE_FD and a read of the first page compared as a C string; returns the fd. */
    int restoreAndVerifyMemfd(int sessionFd, long token, String expected) {
        int mfd = Liveupdate.retrieveFd(p, sessionFd, token);
        if (expected != null) {
            String got = cString(p.pread(mfd, PAGE, 0));
            if (!expected.equals(got)) {
                print("Data mismatch! Expected '" + expected + "', Got '" + got + "'");
                p.close(mfd);
                throw new KernelException(Errno.EINVAL, "data mismatch for token " + token);
            }
        }
        return mfd;
    }

    static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOf(b, end), StandardCharsets.US_ASCII);
    }

    /** A session holding a memfd with the next stage number; its fd stays open. */
    void createStateFile(int luoFd, String sessionName, long token, int nextStage) {
        int fd = Liveupdate.createSession(p, luoFd, sessionName);
        createAndPreserveMemfd(fd, token, Integer.toString(nextStage));
    }

    int restoreAndReadStage(int stateSessionFd, long token) {
        int mfd = restoreAndVerifyMemfd(stateSessionFd, token, null);
        String s = cString(p.read(mfd, 31));
        p.close(mfd);
        return Integer.parseInt(s.trim());
    }

    interface Stage1 {
        void run(LuoTestUtils t, int luoFd);
    }

    interface Stage2 {
        void run(LuoTestUtils t, int luoFd, int stateSessionFd);
    }

    /**
     * {@code luo_test()}: opens the device, detects the stage from the state session (ENOENT:
     * stage 1) and runs the requested one, which must agree.
     */
    void luoTest(int targetStage, String stateSessionName, Stage1 stage1, Stage2 stage2) {
        int luoFd = p.open(UserProcess.DEV_LIVEUPDATE);
        int stateFd = -1;
        int detected;
        try {
            stateFd = Liveupdate.retrieveSession(p, luoFd, stateSessionName);
            detected = 2;
        } catch (KernelException e) {
            if (e.errno() != Errno.ENOENT) {
                throw fail("Failed to check for state session", e);
            }
            detected = 1;
        }
        if (detected != targetStage) {
            throw fail("Stage mismatch Requested stage " + targetStage + ", but system is in stage " + detected, null);
        }
        if (targetStage == 1) {
            stage1.run(this, luoFd);
        } else {
            stage2.run(this, luoFd, stateFd);
        }
    }

    /** Stage 1's end: the device fd is closed, the session fds stay open in this process. */
    void daemonizeAndWait(int luoFd) {
        p.close(luoFd);
        print("[STAGE 1] Child PID: 1. Resources are pinned.");
    }

    void expectStage(int stateSessionFd, long token, int want) {
        int stage = restoreAndReadStage(stateSessionFd, token);
        if (stage != want) {
            throw fail("Expected stage " + want + ", but state file contains " + stage, null);
        }
    }

    void finish(int sessionFd) {
        Liveupdate.finishSession(p, sessionFd);
        p.close(sessionFd);
    }
}
