// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A session name as the kernel holds it: the bytes of {@code char name[N]} up to the first NUL.
 * The kernel compares names as bytes ({@code strncmp}), so userspace must too: a name that is
 * not valid UTF-8 (a byte such as 0xd8) has to survive a round trip through a report and come
 * back as the same bytes. Inside the kernel model names are Latin-1 strings (one char per
 * byte, see {@link CString}); this type is how they cross to userspace and to people.
 *
 * <p>{@link #toString()} is the escaped text a person reads and a report stores: printable
 * ASCII and valid UTF-8 characters as themselves, a backslash as {@code \\}, every other byte
 * (controls, a newline, broken UTF-8) as {@code \xNN}. {@link #parse} inverts it exactly.
 */
public final class SessionName implements Comparable<SessionName> {
    private final byte[] bytes;

    private SessionName(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The name userspace writes for {@code text}: its UTF-8 bytes. */
    public static SessionName ofText(String text) {
        return new SessionName(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of {@code b} up to the first NUL. */
    public static SessionName ofBytes(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new SessionName(Arrays.copyOf(b, end));
    }

    /** A kernel-model string (one char per byte, see {@link CString}). */
    public static SessionName ofKernel(String latin1) {
        return ofBytes(CString.bytes(latin1));
    }

    /** The inverse of {@link #toString()}; IllegalArgumentException for a bad escape. */
    public static SessionName parse(String escaped) {
        byte[] utf8 = escaped.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length];
        int n = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte c = utf8[i];
            if (c != '\\') {
                out[n++] = c;
            } else if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
                out[n++] = '\\';
                i++;
            } else if (i + 3 < utf8.length && utf8[i + 1] == 'x' && isHex(utf8[i + 2]) && isHex(utf8[i + 3])) {
                out[n++] = (byte) HexFormat.fromHexDigits(new String(utf8, i + 2, 2, StandardCharsets.US_ASCII));
                i += 3;
            } else {
                throw new IllegalArgumentException("bad escape in session name \"" + escaped + "\": use \\\\ or \\xNN");
            }
        }
        return ofBytes(Arrays.copyOf(out, n));
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The kernel-model form: one char per byte. */
    public String kernelString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Printable text with every byte kept: see the class comment ({@link CString#escape}). */
    @Override
    public String toString() {
        return CString.escape(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionName n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Byte order, as {@code strcmp} orders names. */
    @Override
    public int compareTo(SessionName o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
