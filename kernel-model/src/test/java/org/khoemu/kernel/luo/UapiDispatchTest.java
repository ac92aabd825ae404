// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.LiveupdateIoctl;
import org.khoemu.kernel.uapi.LiveupdateIoctlCreateSession;
import org.khoemu.kernel.uapi.LiveupdateSessionFinish;
import org.khoemu.kernel.uapi.LiveupdateSessionRetrieveFd;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.khoemu.kernel.luo.LuoSessionTest.errno;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;

/** The generic ioctl rules (abi-reference 4.4, rules 1-6) through {@link UserProcess#ioctl}. */
class UapiDispatchTest {
    private final FakeKernel a = FakeKernel.coldBoot();
    private final UserProcess p = a.process();
    private final int dev = p.open(UserProcess.DEV_LIVEUPDATE);

    private static byte[] create(int size, String name, int length) {
        byte[] b = Arrays.copyOf(new LiveupdateIoctlCreateSession(size, 0, name).toBytes(), length);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, size);
        return b;
    }

    @Test
    void rule1UnknownCommandNumberIsEinval() {
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(dev, LiveupdateIoctl.io(0x02), create(72, "x", 72))));
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(dev, LiveupdateIoctl.io(0x40), create(72, "x", 72))));
        int s = createSession(p, dev, "s");
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(s, LiveupdateIoctl.io(0x43), new byte[72])), "no GET_NAME in this ABI");
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(s, LiveupdateIoctl.io(0x00), new byte[72])));
    }

    @Test
    void rule2AnUnreadableSizeWordIsEfault() {
        assertEquals(Errno.EFAULT, errno(() -> p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, new byte[3])));
        assertEquals(Errno.EFAULT, errno(() -> p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, null)));
    }

    @Test
    void rule3AWrongFullRequestIsEnotty() {
        int iowr = 0xC0000000 | (72 << 16) | 0xBA00; // _IOWR(0xBA, 0, 72 bytes): same nr, other number
        assertEquals(Errno.ENOTTY, errno(() -> p.ioctl(dev, iowr, create(72, "x", 72))));
        assertEquals(Errno.ENOTTY, errno(() -> p.ioctl(dev, 0xBB00, create(72, "x", 72))));
        assertEquals(Errno.ENOTTY, errno(() -> p.ioctl(p.open(UserProcess.DEV_NULL), 0xBA00, create(72, "x", 72))));
    }

    @Test
    void rule4ASizeBelowTheMandatoryFieldsIsEinval() {
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, create(71, "x", 72))));
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, create(0, "x", 72))));
        int s = createSession(p, dev, "s");
        byte[] fin = new LiveupdateSessionFinish(7, 0).toBytes();
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(s, LiveupdateIoctl.LIVEUPDATE_SESSION_FINISH, fin)));
        byte[] rfd = new LiveupdateSessionRetrieveFd(15, 0, 1).toBytes();
        assertEquals(Errno.EINVAL, errno(() -> p.ioctl(s, LiveupdateIoctl.LIVEUPDATE_SESSION_RETRIEVE_FD, rfd)));
        assertEquals(0, a.luo.outgoingSessions().size() - 1, "only s was created");
    }

    @Test
    void rule5ALargerStructMustEndInZeros() {
        byte[] big = create(80, "big", 80);
        big[79] = 1;
        assertEquals(Errno.E2BIG, errno(() -> p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, big)));
        assertEquals(Errno.EFAULT, errno(() -> p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, create(80, "short", 72))));
        byte[] ok = create(80, "big", 80);
        ok[79] = 0;
        p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, ok);
        int fd = LiveupdateIoctlCreateSession.readFrom(ok).fd();
        assertEquals("[luo_session] big", p.openFds().get(fd));
    }

    @Test
    void rule6TheAnswerIsCopiedBackInPlace() {
        byte[] arg = create(72, "out", 72);
        arg[4] = 0x55;
        assertEquals(0, p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, arg));
        int fd = LiveupdateIoctlCreateSession.readFrom(arg).fd();
        assertEquals("[luo_session] out", p.openFds().get(fd));
        assertEquals("out", LiveupdateIoctlCreateSession.readFrom(arg).name());
    }

    @Test
    void rule6TheStructGoesBackAsItCameButForFd() {
        byte[] arg = create(72, "named", 72);
        byte[] tail = "junk-after-nul".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(tail, 0, arg, LiveupdateIoctlCreateSession.OFF_NAME + 6, tail.length);
        byte[] before = arg.clone();
        p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, arg);
        int fd = LiveupdateIoctlCreateSession.readFrom(arg).fd();
        assertEquals("[luo_session] named", p.openFds().get(fd));
        // copy_struct_to_user of what was read: bytes after the name's NUL are not zeroed
        byte[] expected = before.clone();
        ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN).putInt(LiveupdateIoctlCreateSession.OFF_FD, fd);
        assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(arg));

        // the same for RETRIEVE_SESSION in the next kernel
        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        byte[] r = arg.clone();
        ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).putInt(LiveupdateIoctlCreateSession.OFF_FD, -1);
        byte[] rBefore = r.clone();
        q.ioctl(bdev, LiveupdateIoctl.LIVEUPDATE_IOCTL_RETRIEVE_SESSION, r);
        int rfd = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).getInt(LiveupdateIoctlCreateSession.OFF_FD);
        assertEquals("[luo_session] named", q.openFds().get(rfd));
        ByteBuffer.wrap(rBefore).order(ByteOrder.LITTLE_ENDIAN).putInt(LiveupdateIoctlCreateSession.OFF_FD, rfd);
        assertEquals(java.util.HexFormat.of().formatHex(rBefore), java.util.HexFormat.of().formatHex(r));
    }

    @Test
    void aNameWithoutNulIsCutByTheSessionField() {
        byte[] arg = create(72, "z".repeat(64), 72);
        p.ioctl(dev, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, arg);
        assertEquals("z".repeat(55), a.luo.outgoingSessions().get(0).name().toString());
    }
}
