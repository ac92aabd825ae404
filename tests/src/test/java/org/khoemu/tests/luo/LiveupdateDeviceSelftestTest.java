// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.LiveupdateIoctl;
import org.khoemu.kernel.uapi.LiveupdateIoctlCreateSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;

/**
 * The single-boot selftest {@code liveupdate.c} (abi-reference 5.1) on kernel A of the emulated
 * machine. Each test is a fresh process; what a test leaves behind is closed, as the fixture's
 * teardown and process exit do.
 *
 * <p>Tests 5.1 marks "newer" were written for kernels after the seed. Two kinds:
 * <ul>
 * <li>the model is the seed there, so the test records the seed's answer instead of the newer
 *     one: {@code prevent_double_preservation} (accepted, as in 6.19.6: the EBUSY of newer
 *     kernels is a property of their generation, {@code LuoUapiChecks}; LuoUapiChecksTest has
 *     both answers), {@code create_session_no_null_termination} (cut to 55 bytes, not EINVAL),
 *     {@code create_session_empty_name} (accepted, not EINVAL), {@code get_session_name} and
 *     {@code get_session_name_max_length} (no GET_NAME ioctl: EINVAL by dispatch rule 1),
 *     {@code preserve_many_sessions} (ENOMEM at 820, the block's limit) and
 *     {@code preserve_many_files} (ENOSPC at 129, the file array's limit).</li>
 * </ul>
 */
class LiveupdateDeviceSelftestTest {
    private static LiveUpdateRig rig;
    private UserProcess p;

    @BeforeAll
    static void boot() {
        rig = LiveUpdateRig.coldBoot();
    }

    @AfterAll
    static void shutdown() {
        rig.close();
    }

    @BeforeEach
    void newProcess() {
        p = rig.process();
    }

    @AfterEach
    void exitProcess() {
        p.exit();
        assertEquals(0, rig.luo().outgoingSessions().size(), "process exit closed every session");
    }

    private static Errno errno(Executable e) {
        return assertThrows(KernelException.class, e).errno();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void basicOpenClose() {
        int fd = p.open(UserProcess.DEV_LIVEUPDATE);
        p.close(fd);
    }

    @Test
    void exclusiveOpen() {
        p.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(Errno.EBUSY, errno(() -> p.open(UserProcess.DEV_LIVEUPDATE)));
        assertEquals(Errno.EBUSY, errno(() -> rig.process().open(UserProcess.DEV_LIVEUPDATE)), "also from another process");
    }

    @Test
    void createDuplicateSession() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s1 = createSession(p, dev, "duplicate-session-test");
        assertEquals(Errno.EEXIST, errno(() -> createSession(p, dev, "duplicate-session-test")));
        p.close(s1);
    }

    @Test
    void createDistinctSessions() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        p.close(createSession(p, dev, "distinct-session-1"));
        p.close(createSession(p, dev, "distinct-session-2"));
    }

    @Test
    void preserveMemfd() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s = createSession(p, dev, "preserve-memfd-test");
        int m = p.memfdCreate("test-memfd");
        assertEquals(16, p.write(m, ascii("hello liveupdate")));
        preserveFd(p, s, m, 0x1234);
        p.close(s);
        assertEquals(0, p.lseek(m, 0, UserProcess.SEEK_SET));
        assertArrayEquals(ascii("hello liveupdate"), p.read(m, 64));
        p.close(m);
    }

    @Test
    void preserveMultipleMemfds() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s = createSession(p, dev, "preserve-multi-memfd-test");
        int m1 = p.memfdCreate("test-memfd-1");
        int m2 = p.memfdCreate("test-memfd-2");
        p.write(m1, ascii("data for memfd one"));
        p.write(m2, ascii("data for memfd two"));
        preserveFd(p, s, m1, 0xAAAA);
        preserveFd(p, s, m2, 0xBBBB);
        p.lseek(m1, 0, UserProcess.SEEK_SET);
        assertArrayEquals(ascii("data for memfd one"), p.read(m1, 64));
        p.lseek(m2, 0, UserProcess.SEEK_SET);
        assertArrayEquals(ascii("data for memfd two"), p.read(m2, 64));
        assertEquals(2, rig.luo().outgoingSessions().get(0).files().size());
    }

    @Test
    void preserveComplexScenario() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s1 = createSession(p, dev, "complex-session-1");
        int s2 = createSession(p, dev, "complex-session-2");
        int d1 = p.memfdCreate("data1");
        p.write(d1, ascii("data for session 1"));
        int e1 = p.memfdCreate("empty1");
        int d2 = p.memfdCreate("data2");
        p.write(d2, ascii("data for session 2"));
        int e2 = p.memfdCreate("empty2");
        preserveFd(p, s1, d1, 0x1111);
        preserveFd(p, s1, e1, 0x2222);
        preserveFd(p, s2, d2, 0x3333);
        preserveFd(p, s2, e2, 0x4444);
        p.lseek(d1, 0, UserProcess.SEEK_SET);
        assertArrayEquals(ascii("data for session 1"), p.read(d1, 64));
        p.lseek(d2, 0, UserProcess.SEEK_SET);
        assertArrayEquals(ascii("data for session 2"), p.read(d2, 64));
        p.lseek(e1, 0, UserProcess.SEEK_SET);
        assertEquals(0, p.read(e1, 64).length);
        assertEquals(0, p.read(e2, 64).length);
    }

    @Test
    void preserveUnsupportedFd() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s = createSession(p, dev, "unsupported-fd-test");
        int n = p.open(UserProcess.DEV_NULL);
        assertEquals(Errno.ENOENT, errno(() -> preserveFd(p, s, n, 0xDEAD)));
    }

    @Test
    void preventDoublePreservation() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s1 = createSession(p, dev, "double-preserve-session-1");
        int s2 = createSession(p, dev, "double-preserve-session-2");
        int m = p.memfdCreate("test-memfd");
        preserveFd(p, s1, m, 0x1111);
        preserveFd(p, s2, m, 0x2222);
        preserveFd(p, s1, m, 0x3333);
        assertEquals(List.of(1, 2), rig.luo().outgoingSessions().stream().map(s -> s.files().size()).sorted().toList(),
                "the seed (and 6.19.6) keeps all three preserves");
    }

    /** Newer kernels say EINVAL; the seed copies the name with strscpy, which cuts it to 55 bytes. */
    @Test
    void createSessionNoNullTerminationIsTruncatedInTheSeed() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        byte[] arg = new LiveupdateIoctlCreateSession(72, 0, "").toBytes();
        Arrays.fill(arg, 8, 72, (byte) 'X');
        assertEquals(0, p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, arg));
        assertEquals("X".repeat(55), rig.luo().outgoingSessions().get(0).name().toString());
    }

    /** Newer kernels say EINVAL; the seed accepts an empty name. */
    @Test
    void createSessionEmptyNameIsAcceptedInTheSeed() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        createSession(p, dev, "");
        assertEquals("", rig.luo().outgoingSessions().get(0).name().toString());
        assertEquals(Errno.EEXIST, errno(() -> createSession(p, dev, "")));
    }

    /**
     * GET_NAME (0xBA43, a 2026 addition) does not exist in the seed or v6.19: nr 0x43 is outside
     * the session fd's table (0x40..0x42), so dispatch rule 1 (abi-reference 4.4) answers EINVAL
     * before the argument is even read, and nothing is copied back. The newer test expects the
     * name; this records what the seed kernel does with the request.
     */
    @Test
    void getSessionNameIsEinvalInTheSeed() {
        assertNoGetName("get-name-test");
    }

    /** As {@link #getSessionNameIsEinvalInTheSeed}, with the newer test's 63-character name. */
    @Test
    void getSessionNameMaxLengthIsEinvalInTheSeed() {
        assertNoGetName("N".repeat(63));
    }

    private void assertNoGetName(String name) {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s = createSession(p, dev, name);
        byte[] arg = new byte[72]; // struct liveupdate_session_get_name: size, reserved, name[64]
        java.nio.ByteBuffer.wrap(arg).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 72);
        byte[] before = arg.clone();
        assertEquals(0xBA43, LiveupdateIoctl.io(0x43));
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(s, LiveupdateIoctl.io(0x43), arg)));
        assertArrayEquals(before, arg, "no name was copied out");
    }

    /** 2000 sessions asked for: the seed's block holds 819, so creation 820 is ENOMEM. */
    @Test
    void preserveManySessions() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int[] fds = new int[819];
        for (int i = 0; i < 819; i++) {
            fds[i] = createSession(p, dev, "many-session-" + i);
        }
        assertEquals(Errno.ENOMEM, errno(() -> createSession(p, dev, "many-session-819")));
        for (int fd : fds) {
            p.close(fd);
        }
        createSession(p, dev, "many-session-819"); // room again once closed
    }

    /** 500 files asked for: a seed session holds 128, so preserve 129 is ENOSPC. */
    @Test
    void preserveManyFiles() {
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s = createSession(p, dev, "many-files-test");
        for (int i = 0; i < 128; i++) {
            preserveFd(p, s, p.memfdCreate("test-memfd"), i);
        }
        int extra = p.memfdCreate("test-memfd");
        assertEquals(Errno.ENOSPC, errno(() -> preserveFd(p, s, extra, 128)));
    }
}
