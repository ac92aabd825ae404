// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Little-endian field access on a user-space struct held in a byte array. */
public final class UserBytes {
    private UserBytes() {
    }

    public static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes up to the first NUL of {@code b[off, off+len)}, one char per byte. */
    static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }

    /** Copies up to {@code len} bytes of {@code s} (one byte per char) and zero-pads, like strncpy. */
    static void putName(byte[] b, int off, int len, String s) {
        Arrays.fill(b, off, off + len, (byte) 0);
        byte[] src = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(src, 0, b, off, Math.min(len, src.length));
    }
}
