// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import java.nio.ByteBuffer;

/**
 * Decompiles a tree to DTS text exactly as {@code dtc -I dtb -O dts} (dtc 1.6.1) does, so the
 * two can be compared byte for byte. A dtb carries no types, so each value is classified like
 * dtc does: a string when it ends in NUL, holds only printable characters, the escapable
 * controls and NULs, and has no more NULs than other characters (a string list prints as one
 * string with {@code \0} inside); otherwise 32-bit cells {@code <0x..>} when the length is a
 * multiple of 4; otherwise bytes {@code [..]}.
 */
public final class DtsPrinter {
    private DtsPrinter() {
    }

    public static String print(Fdt fdt) {
        StringBuilder sb = new StringBuilder("/dts-v1/;\n\n");
        for (FdtReserveEntry e : fdt.reserveMap()) {
            sb.append(String.format("/memreserve/\t0x%016x 0x%016x;\n", e.address(), e.size()));
        }
        node(fdt, Fdt.ROOT, 0, sb);
        return sb.toString();
    }

    private static void node(Fdt fdt, int node, int level, StringBuilder sb) {
        String name = fdt.nodeName(node);
        indent(sb, level).append(name.isEmpty() ? "/" : name).append(" {\n");
        for (FdtProperty p : fdt.properties(node)) {
            indent(sb, level + 1).append(p.name());
            byte[] v = p.value();
            if (v.length > 0) {
                sb.append(" = ").append(formatValue(v));
            }
            sb.append(";\n");
        }
        for (int child : fdt.subnodes(node)) {
            sb.append('\n');
            node(fdt, child, level + 1, sb);
        }
        indent(sb, level).append("};\n");
    }

    private static StringBuilder indent(StringBuilder sb, int level) {
        return sb.append("\t".repeat(level));
    }

    /** The DTS form of a non-empty value, as dtc guesses it: string, cells or bytes. */
    public static String formatValue(byte[] v) {
        if (v.length == 0) {
            return "";
        }
        if (looksLikeString(v)) {
            return quoted(v);
        }
        StringBuilder sb = new StringBuilder();
        if (v.length % 4 == 0) {
            sb.append('<');
            ByteBuffer b = ByteBuffer.wrap(v);
            for (int i = 0; i < v.length; i += 4) {
                sb.append(i == 0 ? "" : " ").append(String.format("0x%02x", b.getInt(i)));
            }
            return sb.append('>').toString();
        }
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", v[i] & 0xff));
        }
        return sb.append(']').toString();
    }

    static boolean looksLikeString(byte[] v) {
        int nul = 0;
        for (byte c : v) {
            if (c == 0) {
                nul++;
            } else if (!isPrint(c) && escape(c) == null) {
                return false;
            }
        }
        return v[v.length - 1] == 0 && nul <= v.length - nul;
    }

    private static String quoted(byte[] v) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < v.length - 1; i++) {
            String e = escape(v[i]);
            sb.append(e != null ? e : String.valueOf((char) v[i]));
        }
        return sb.append('"').toString();
    }

    private static boolean isPrint(byte c) {
        return c >= 0x20 && c < 0x7f;
    }

    /** dtc's escapes inside a string; null for a character printed as itself. */
    private static String escape(byte c) {
        return switch (c) {
            case 0x07 -> "\\a";
            case '\b' -> "\\b";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case 0x0b -> "\\v";
            case '\f' -> "\\f";
            case '\r' -> "\\r";
            case '\\' -> "\\\\";
            case '"' -> "\\\"";
            case 0 -> "\\0";
            default -> null;
        };
    }
}
