// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * The layout CREATE_SESSION and RETRIEVE_SESSION share (72 bytes): {@code size} u32 @0,
 * {@code fd} s32 @4 (out), {@code name[64]} @8 (in).
 */
public final class NamedSessionRequest {
    private NamedSessionRequest() {
    }

    static final int SIZE = 72;
    static final int OFF_SIZE = 0;
    static final int OFF_FD = 4;
    static final int OFF_NAME = 8;
    static final int NAME_LENGTH = LiveupdateIoctl.LIVEUPDATE_SESSION_NAME_LENGTH;

    static int size(byte[] b) {
        return UserBytes.le(b).getInt(OFF_SIZE);
    }

    static int fd(byte[] b) {
        return UserBytes.le(b).getInt(OFF_FD);
    }

    static String name(byte[] b) {
        return UserBytes.cString(b, OFF_NAME, NAME_LENGTH);
    }

    /**
     * The kernel's answer: only {@code fd} changes. The kernel copies back the struct it read,
     * so every other byte (including any after the name's NUL) goes back exactly as it came.
     */
    public static void putFd(byte[] b, int fd) {
        UserBytes.le(b).putInt(OFF_FD, fd);
    }

    static byte[] write(byte[] b, int size, int fd, String name) {
        UserBytes.le(b).putInt(OFF_SIZE, size).putInt(OFF_FD, fd);
        UserBytes.putName(b, OFF_NAME, NAME_LENGTH, name);
        return b;
    }
}
