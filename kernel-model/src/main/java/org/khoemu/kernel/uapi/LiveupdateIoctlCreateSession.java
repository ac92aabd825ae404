// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/**
 * {@code struct liveupdate_ioctl_create_session} (72 bytes): {@code size} u32 @0 (in),
 * {@code fd} s32 @4 (out), {@code name[64]} @8 (in). {@code name} holds the bytes up to the
 * first NUL, one char per byte; all 64 if the user left no NUL.
 */
public record LiveupdateIoctlCreateSession(int size, int fd, String name) {
    public static final int SIZE = NamedSessionRequest.SIZE;
    public static final int OFF_SIZE = NamedSessionRequest.OFF_SIZE;
    public static final int OFF_FD = NamedSessionRequest.OFF_FD;
    public static final int OFF_NAME = NamedSessionRequest.OFF_NAME;
    public static final int NAME_LENGTH = NamedSessionRequest.NAME_LENGTH;
    /** {@code offsetofend(name)}. */
    public static final int MIN_SIZE = 72;

    public static LiveupdateIoctlCreateSession readFrom(byte[] b) {
        return new LiveupdateIoctlCreateSession(NamedSessionRequest.size(b), NamedSessionRequest.fd(b),
                NamedSessionRequest.name(b));
    }

    public void writeTo(byte[] b) {
        NamedSessionRequest.write(b, size, fd, name);
    }

    public byte[] toBytes() {
        return NamedSessionRequest.write(new byte[SIZE], size, fd, name);
    }
}
