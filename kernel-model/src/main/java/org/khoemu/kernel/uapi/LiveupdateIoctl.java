// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * Request numbers of {@code include/uapi/linux/liveupdate.h}. Every command is {@code _IO()}:
 * no size or direction bits, so the request is {@code (0xBA << 8) | nr}.
 */
public final class LiveupdateIoctl {
    private LiveupdateIoctl() {
    }

    public static final int LIVEUPDATE_IOCTL_TYPE = 0xBA;

    public static final int LIVEUPDATE_CMD_BASE = 0x00;
    public static final int LIVEUPDATE_CMD_CREATE_SESSION = LIVEUPDATE_CMD_BASE;
    public static final int LIVEUPDATE_CMD_RETRIEVE_SESSION = 0x01;

    public static final int LIVEUPDATE_CMD_SESSION_BASE = 0x40;
    public static final int LIVEUPDATE_CMD_SESSION_PRESERVE_FD = LIVEUPDATE_CMD_SESSION_BASE;
    public static final int LIVEUPDATE_CMD_SESSION_RETRIEVE_FD = 0x41;
    public static final int LIVEUPDATE_CMD_SESSION_FINISH = 0x42;

    public static final int LIVEUPDATE_IOCTL_CREATE_SESSION = io(LIVEUPDATE_CMD_CREATE_SESSION);
    public static final int LIVEUPDATE_IOCTL_RETRIEVE_SESSION = io(LIVEUPDATE_CMD_RETRIEVE_SESSION);
    public static final int LIVEUPDATE_SESSION_PRESERVE_FD = io(LIVEUPDATE_CMD_SESSION_PRESERVE_FD);
    public static final int LIVEUPDATE_SESSION_RETRIEVE_FD = io(LIVEUPDATE_CMD_SESSION_RETRIEVE_FD);
    public static final int LIVEUPDATE_SESSION_FINISH = io(LIVEUPDATE_CMD_SESSION_FINISH);

    /** {@code _IO(LIVEUPDATE_IOCTL_TYPE, nr)}. */
    public static int io(int nr) {
        return (LIVEUPDATE_IOCTL_TYPE << 8) | nr;
    }

    /** {@code _IOC_NR(cmd)}. */
    public static int nr(int request) {
        return request & 0xff;
    }
}
