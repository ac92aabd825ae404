// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * {@code struct liveupdate_session_retrieve_fd} (16 bytes): {@code size} u32 @0, {@code fd}
 * s32 @4 (out: the new fd), {@code token} aligned u64 @8 (in).
 */
public record LiveupdateSessionRetrieveFd(int size, int fd, long token) {
    public static final int SIZE = FdTokenRequest.SIZE;
    public static final int OFF_SIZE = FdTokenRequest.OFF_SIZE;
    public static final int OFF_FD = FdTokenRequest.OFF_FD;
    public static final int OFF_TOKEN = FdTokenRequest.OFF_TOKEN;
    /** {@code offsetofend(token)}. */
    public static final int MIN_SIZE = 16;

    public static LiveupdateSessionRetrieveFd readFrom(byte[] b) {
        return new LiveupdateSessionRetrieveFd(FdTokenRequest.size(b), FdTokenRequest.fd(b), FdTokenRequest.token(b));
    }

    public void writeTo(byte[] b) {
        FdTokenRequest.write(b, size, fd, token);
    }

    public byte[] toBytes() {
        return FdTokenRequest.write(new byte[SIZE], size, fd, token);
    }
}
