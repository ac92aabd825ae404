// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * {@code struct liveupdate_session_retrieve_fd} (16 bytes): {@code size} u32 @0, {@code fd}
 * s32 @4 (out: the new fd), {@code token} aligned u64 @8 (in).
 */
public record LiveupdateSessionRetrieveFd(int size, int fd, long token) {
    public static final int SIZE = 16;
    public static final int OFF_SIZE = 0;
    public static final int OFF_FD = 4;
    public static final int OFF_TOKEN = 8;
    /** {@code offsetofend(token)}. */
    public static final int MIN_SIZE = 16;

    public static LiveupdateSessionRetrieveFd readFrom(byte[] b) {
        var le = UserBytes.le(b);
        return new LiveupdateSessionRetrieveFd(le.getInt(OFF_SIZE), le.getInt(OFF_FD), le.getLong(OFF_TOKEN));
    }

    public void writeTo(byte[] b) {
        UserBytes.le(b).putInt(OFF_SIZE, size).putInt(OFF_FD, fd).putLong(OFF_TOKEN, token);
    }

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        writeTo(b);
        return b;
    }
}
