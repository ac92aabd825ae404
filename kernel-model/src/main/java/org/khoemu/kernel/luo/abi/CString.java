// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Fixed-size, NUL-padded C string fields ({@code char name[N]}). Strings are handled as
 * ISO-8859-1 so that every byte maps to exactly one char: truncation and comparison then work
 * on bytes, as {@code strscpy}/{@code strncmp} do.
 */
public final class CString {
    private CString() {
    }

    /** The bytes of {@code s}, one per char (chars above 0xff become '?'). */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code strscpy(dst, s, fieldLen)}: at most {@code fieldLen - 1} bytes survive. */
    public static String truncate(String s, int fieldLen) {
        int nul = s.indexOf('\0');
        String t = nul >= 0 ? s.substring(0, nul) : s;
        return t.length() > fieldLen - 1 ? t.substring(0, fieldLen - 1) : t;
    }

    /** Bytes up to the first NUL within {@code [off, off+fieldLen)}; all of them if none. */
    public static String decode(byte[] b, int off, int fieldLen) {
        int end = off;
        while (end < off + fieldLen && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }

    /** True when the field holds a NUL somewhere, i.e. is a valid C string. */
    public static boolean terminated(byte[] b, int off, int fieldLen) {
        for (int i = off; i < off + fieldLen; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #decode} of the field at {@code off} of a buffer window, copied through
     * {@code scratch} (at least {@code fieldLen} bytes) so that only the String is allocated.
     */
    public static String read(ByteBuffer w, int off, int fieldLen, byte[] scratch) {
        w.get(off, scratch, 0, fieldLen);
        return decode(scratch, 0, fieldLen);
    }

    public static String read(PhysMem mem, long pa, int fieldLen) {
        return decode(mem.read(pa, fieldLen), 0, fieldLen);
    }

    /** Writes {@code strscpy}-truncated {@code s} and zero-pads the rest of the field. */
    public static void write(PhysMem mem, long pa, int fieldLen, String s) {
        mem.write(pa, field(s, fieldLen));
    }

    /**
     * The whole field as {@link #write} leaves it: {@code strscpy}-truncated {@code s}, then
     * zeros. Hot writers compute it once and copy it as one block.
     */
    public static byte[] field(String s, int fieldLen) {
        byte[] field = new byte[fieldLen];
        int n = Math.min(s.length(), fieldLen - 1);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                break;
            }
            field[i] = c > 0xff ? (byte) '?' : (byte) c;
        }
        return field;
    }

    /**
     * Bytes from the kernel (a name, a log line) as one line of text that keeps every byte:
     * printable ASCII and well-formed printable UTF-8 characters as themselves, a backslash as
     * {@code \\}, every other byte (controls, a newline, broken UTF-8) as {@code \xNN}.
     */
    public static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b == '\\') {
                sb.append("\\\\");
                i++;
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
                i++;
            } else {
                int len = utf8Length(b);
                String ch = len > 1 ? decodePrintable(bytes, i, len) : null;
                if (ch != null) {
                    sb.append(ch);
                    i += len;
                } else {
                    sb.append(String.format("\\x%02x", b));
                    i++;
                }
            }
        }
        return sb.toString();
    }

    private static int utf8Length(int lead) {
        if (lead >= 0xc2 && lead <= 0xdf) {
            return 2;
        }
        if (lead >= 0xe0 && lead <= 0xef) {
            return 3;
        }
        if (lead >= 0xf0 && lead <= 0xf4) {
            return 4;
        }
        return 1;
    }

    /** One UTF-8 character at {@code [i, i+len)} if it is well formed and printable, else null. */
    private static String decodePrintable(byte[] bytes, int i, int len) {
        if (i + len > bytes.length) {
            return null;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, i, len)).toString();
            int cp = s.codePointAt(0);
            return Character.isISOControl(cp) || !Character.isDefined(cp) || Character.getType(cp) == Character.FORMAT
                    || Character.isWhitespace(cp) || cp == 0xfffd ? null : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
