// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

import org.khoemu.kernel.abi.AbiStruct;

/**
 * The layout CREATE_SESSION and RETRIEVE_SESSION share (72 bytes): {@code size} u32 @0,
 * {@code fd} s32 @4 (out), {@code name[64]} @8 (in). The uAPI's name is 64 bytes in every
 * generation (it appears with the ioctls in seed 05/20); what a profile serializes into its
 * session entries is that profile's {@code LIVEUPDATE_SESSION_NAME_LENGTH}, a fact of its table.
 */
public final class NamedSessionRequest {
    private NamedSessionRequest() {
    }

    /** {@code struct liveupdate_ioctl_create_session}, as a table; the numbers below are read from it. */
    public static final AbiStruct STRUCT = AbiStruct.packed("liveupdate_ioctl_create_session", "LIVEUPDATE_IOCTL_TYPE",
                    "argument of CREATE_SESSION, and of RETRIEVE_SESSION (same layout)")
            .u32("size", "sizeof the struct as userspace knows it")
            .s32("fd", "out: the new session fd")
            .chars("name", 64, "in: session name, NUL-terminated")
            .build();
    static final int SIZE = STRUCT.size();
    static final int OFF_SIZE = STRUCT.offset("size");
    static final int OFF_FD = STRUCT.offset("fd");
    static final int OFF_NAME = STRUCT.offset("name");
    static final int NAME_LENGTH = STRUCT.sizeOf("name");

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
