// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

/** {@code struct liveupdate_session_finish} (8 bytes): {@code size} u32 @0, {@code reserved} u32 @4. */
public record LiveupdateSessionFinish(int size, int reserved) {
    public static final int SIZE = 8;
    public static final int OFF_SIZE = 0;
    public static final int OFF_RESERVED = 4;
    /** {@code offsetofend(reserved)}. */
    public static final int MIN_SIZE = 8;

    public static LiveupdateSessionFinish readFrom(byte[] b) {
        var le = UserBytes.le(b);
        return new LiveupdateSessionFinish(le.getInt(OFF_SIZE), le.getInt(OFF_RESERVED));
    }

    public void writeTo(byte[] b) {
        UserBytes.le(b).putInt(OFF_SIZE, size).putInt(OFF_RESERVED, reserved);
    }

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        writeTo(b);
        return b;
    }
}
