// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * The layout PRESERVE_FD and RETRIEVE_FD share (16 bytes): {@code size} u32 @0, {@code fd}
 * s32 @4, {@code token} aligned u64 @8.
 */
final class FdTokenRequest {
    private FdTokenRequest() {
    }

    static final int SIZE = 16;
    static final int OFF_SIZE = 0;
    static final int OFF_FD = 4;
    static final int OFF_TOKEN = 8;

    static int size(byte[] b) {
        return UserBytes.le(b).getInt(OFF_SIZE);
    }

    static int fd(byte[] b) {
        return UserBytes.le(b).getInt(OFF_FD);
    }

    static long token(byte[] b) {
        return UserBytes.le(b).getLong(OFF_TOKEN);
    }

    static byte[] write(byte[] b, int size, int fd, long token) {
        UserBytes.le(b).putInt(OFF_SIZE, size).putInt(OFF_FD, fd).putLong(OFF_TOKEN, token);
        return b;
    }
}
