// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.abi.AbiStruct;

import java.util.List;

/**
 * An xxd-style dump of one struct with each field's name beside its bytes. Every field starts
 * a new line at its own physical address, so a reader can match offsets with the ABI table;
 * a field longer than 16 bytes continues on further lines marked {@code +16}, {@code +32}...
 */
public final class AnnotatedHexdump {
    /** One field of a struct: its name, offset from the struct start and size in bytes. */
    public record Field(String name, int offset, int size) {
    }

    private AnnotatedHexdump() {
    }

    /** The labels of a struct from its layout table, embedded structs opened up ({@code folios.first}). */
    public static List<Field> fields(AbiStruct s) {
        return fields(s, "", 0);
    }

    /** The same, each name prefixed and each offset moved by {@code base} (an array element inside a struct). */
    public static List<Field> fields(AbiStruct s, String prefix, int base) {
        return s.flatFields().stream().map(f -> new Field(prefix + f.name(), base + f.offset(), f.size())).toList();
    }

    /** Lines for the struct whose bytes {@code bytes} start at physical address {@code pa}. */
    public static String render(String title, long pa, byte[] bytes, List<Field> fields) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s @ 0x%x (%d bytes)\n", title, pa, bytes.length));
        for (Field f : fields) {
            if (f.offset() < 0 || f.size() < 0 || f.offset() + f.size() > bytes.length) {
                throw new IllegalArgumentException(title + "." + f.name() + " lies outside the " + bytes.length + " bytes");
            }
            for (int done = 0; done < f.size(); done += XxdFormatter.BYTES_PER_LINE) {
                int n = Math.min(XxdFormatter.BYTES_PER_LINE, f.size() - done);
                String label = done == 0 ? f.name() : f.name() + " +" + done;
                sb.append(XxdFormatter.line(pa + f.offset() + done, bytes, f.offset() + done, n))
                        .append(" ".repeat(XxdFormatter.BYTES_PER_LINE - n))
                        .append("  ").append(label).append('\n');
            }
        }
        return sb.toString();
    }
}
