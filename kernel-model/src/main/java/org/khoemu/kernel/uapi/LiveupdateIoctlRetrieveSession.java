// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * {@code struct liveupdate_ioctl_retrieve_session} (72 bytes): {@code size} u32 @0 (in),
 * {@code fd} s32 @4 (out), {@code name[64]} @8 (in). {@code name} holds the bytes up to the
 * first NUL, one char per byte; all 64 if the user left no NUL.
 */
public record LiveupdateIoctlRetrieveSession(int size, int fd, String name) {
    public static final int SIZE = 72;
    public static final int OFF_SIZE = 0;
    public static final int OFF_FD = 4;
    public static final int OFF_NAME = 8;
    public static final int NAME_LENGTH = LiveupdateIoctl.LIVEUPDATE_SESSION_NAME_LENGTH;
    /** {@code offsetofend(name)}. */
    public static final int MIN_SIZE = 72;

    public static LiveupdateIoctlRetrieveSession readFrom(byte[] b) {
        var le = UserBytes.le(b);
        return new LiveupdateIoctlRetrieveSession(le.getInt(OFF_SIZE), le.getInt(OFF_FD),
                UserBytes.cString(b, OFF_NAME, NAME_LENGTH));
    }

    public void writeTo(byte[] b) {
        var le = UserBytes.le(b);
        le.putInt(OFF_SIZE, size);
        le.putInt(OFF_FD, fd);
        UserBytes.putName(b, OFF_NAME, NAME_LENGTH, name);
    }

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        writeTo(b);
        return b;
    }
}
