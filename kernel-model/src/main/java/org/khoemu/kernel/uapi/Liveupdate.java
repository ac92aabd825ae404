// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.proc.UserProcess;

/**
 * What a userspace program does with {@code /dev/liveupdate}, as typed calls: each builds the
 * request struct as the selftests' helpers do (size = sizeof, the name cut to 63 bytes and
 * NUL-terminated as {@code snprintf("%.*s", 63, name)} leaves it) and issues the ioctl
 * through the process, so every kernel check applies. Errors are {@code KernelException}s
 * with the errno.
 */
public final class Liveupdate {
    private Liveupdate() {
    }

    /**
     * The name field as the selftests' helper fills it: the name's bytes, at most 63, one char
     * per byte in the kernel model's form.
     */
    private static String userName(SessionName name) {
        String bytes = name.kernelString();
        int max = NamedSessionRequest.NAME_LENGTH - 1;
        return bytes.length() > max ? bytes.substring(0, max) : bytes;
    }

    /** CREATE_SESSION of the UTF-8 bytes of {@code name}; returns the session fd. */
    public static int createSession(UserProcess p, int devFd, String name) {
        return createSession(p, devFd, SessionName.ofText(name));
    }

    /** CREATE_SESSION; returns the session fd. */
    public static int createSession(UserProcess p, int devFd, SessionName name) {
        byte[] arg = new LiveupdateIoctlCreateSession(LiveupdateIoctlCreateSession.SIZE, -1, userName(name)).toBytes();
        p.ioctl(devFd, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, arg);
        return LiveupdateIoctlCreateSession.readFrom(arg).fd();
    }

    /** RETRIEVE_SESSION of the UTF-8 bytes of {@code name}; returns the session fd. */
    public static int retrieveSession(UserProcess p, int devFd, String name) {
        return retrieveSession(p, devFd, SessionName.ofText(name));
    }

    /** RETRIEVE_SESSION; returns the session fd. */
    public static int retrieveSession(UserProcess p, int devFd, SessionName name) {
        byte[] arg = new LiveupdateIoctlRetrieveSession(LiveupdateIoctlRetrieveSession.SIZE, -1, userName(name)).toBytes();
        p.ioctl(devFd, LiveupdateIoctl.LIVEUPDATE_IOCTL_RETRIEVE_SESSION, arg);
        return LiveupdateIoctlRetrieveSession.readFrom(arg).fd();
    }

    /** PRESERVE_FD of {@code fd} under {@code token}. */
    public static void preserveFd(UserProcess p, int sessionFd, int fd, long token) {
        byte[] arg = new LiveupdateSessionPreserveFd(LiveupdateSessionPreserveFd.SIZE, fd, token).toBytes();
        p.ioctl(sessionFd, LiveupdateIoctl.LIVEUPDATE_SESSION_PRESERVE_FD, arg);
    }

    /** RETRIEVE_FD of {@code token}; returns the new fd. */
    public static int retrieveFd(UserProcess p, int sessionFd, long token) {
        byte[] arg = new LiveupdateSessionRetrieveFd(LiveupdateSessionRetrieveFd.SIZE, -1, token).toBytes();
        p.ioctl(sessionFd, LiveupdateIoctl.LIVEUPDATE_SESSION_RETRIEVE_FD, arg);
        return LiveupdateSessionRetrieveFd.readFrom(arg).fd();
    }

    /** FINISH. */
    public static void finishSession(UserProcess p, int sessionFd) {
        byte[] arg = new LiveupdateSessionFinish(LiveupdateSessionFinish.SIZE, 0).toBytes();
        p.ioctl(sessionFd, LiveupdateIoctl.LIVEUPDATE_SESSION_FINISH, arg);
    }
}
