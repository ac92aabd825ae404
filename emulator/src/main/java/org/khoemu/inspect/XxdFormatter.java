// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

/**
 * Hex dump lines exactly as {@code xxd} prints them by default: an 8-digit hex offset, 16 bytes
 * in groups of two, two spaces, the printable ASCII column
 * ({@code 00000000: 0100 0000 0000 0000  ........}).
 */
public final class XxdFormatter {
    public static final int BYTES_PER_LINE = 16;
    /** Width of the hex column of a full line: 8 groups of 4 digits and 7 separators. */
    static final int HEX_WIDTH = 39;

    private XxdFormatter() {
    }

    /** The whole of {@code data}, the first byte labelled {@code offset}; lines end in '\n'. */
    public static String format(byte[] data, long offset) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.length; i += BYTES_PER_LINE) {
            sb.append(line(offset + i, data, i, Math.min(BYTES_PER_LINE, data.length - i))).append('\n');
        }
        return sb.toString();
    }

    /** One line for {@code len} (at most 16) bytes of {@code data} from {@code off}. */
    public static String line(long offset, byte[] data, int off, int len) {
        if (len < 0 || len > BYTES_PER_LINE) {
            throw new IllegalArgumentException("an xxd line holds 0..16 bytes: " + len);
        }
        StringBuilder sb = new StringBuilder(String.format("%08x: ", offset));
        sb.append(hexColumn(data, off, len));
        sb.append("  ");
        sb.append(asciiColumn(data, off, len));
        return sb.toString();
    }

    /** The hex digits grouped by two bytes, padded to the width of a full line. */
    static String hexColumn(byte[] data, int off, int len) {
        StringBuilder sb = new StringBuilder(HEX_WIDTH);
        for (int i = 0; i < len; i++) {
            if (i > 0 && i % 2 == 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((data[off + i] >> 4) & 0xf, 16)).append(Character.forDigit(data[off + i] & 0xf, 16));
        }
        while (sb.length() < HEX_WIDTH) {
            sb.append(' ');
        }
        return sb.toString();
    }

    static String asciiColumn(byte[] data, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = data[off + i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return sb.toString();
    }
}
