// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A low-level structure dump in the manner of {@code fdtdump -d}: every header field with its
 * offset and value, the memory reserve map, the strings block with each string's
 * {@code nameoff}, and the structure block token by token with blob offsets, property lengths
 * and name offsets, interleaved with the DTS form of the tree. Eight-byte values also show
 * their raw little-endian u64 reading, which is how LUO and KHO store them.
 *
 * <p>The walk is done in Java over a blob that {@link Fdt} has already validated; any
 * inconsistency still found is reported as {@link FdtError#BADSTRUCTURE}, never as a Java
 * index error.
 */
public final class FdtDump {
    private static final int FDT_BEGIN_NODE = 1;
    private static final int FDT_END_NODE = 2;
    private static final int FDT_PROP = 3;
    private static final int FDT_NOP = 4;
    private static final int FDT_END = 9;
    private static final String[] HEADER_FIELDS = {"magic", "totalsize", "off_dt_struct", "off_dt_strings",
            "off_mem_rsvmap", "version", "last_comp_version", "boot_cpuid_phys", "size_dt_strings", "size_dt_struct"};

    private final ByteBuffer b;
    private final FdtHeader h;
    private final int sourceVersion;
    private final StringBuilder out = new StringBuilder();

    private FdtDump(Fdt fdt) {
        this.b = ByteBuffer.wrap(fdt.toBytes());
        this.h = fdt.header();
        this.sourceVersion = fdt.sourceVersion();
    }

    public static String dump(Fdt fdt) {
        FdtDump d = new FdtDump(fdt);
        d.header();
        d.reserveMap();
        d.strings();
        d.structure();
        return d.out.toString();
    }

    private void header() {
        out.append("/dts-v1/;\n");
        if (sourceVersion != h.version()) {
            out.append(String.format("// version %d blob, read through fdt_open_into (libfdt's conversion to "
                    + "version %d): the layout below is the converted one%n", sourceVersion, h.version()));
        }
        out.append(String.format("// header: %d bytes at 0x0000, big-endian u32 fields\n", FdtHeader.SIZE));
        for (int i = 0; i < HEADER_FIELDS.length; i++) {
            int v = b.getInt(4 * i);
            String value = switch (HEADER_FIELDS[i]) {
                case "version", "last_comp_version" -> Integer.toUnsignedString(v);
                case "magic", "off_dt_struct", "off_dt_strings", "off_mem_rsvmap", "boot_cpuid_phys" -> hex(v);
                default -> hex(v) + " (" + Integer.toUnsignedString(v) + ")";
            };
            out.append(String.format("// %04x %-18s %s\n", 4 * i, HEADER_FIELDS[i] + ":", value));
        }
    }

    private void reserveMap() {
        out.append(String.format("\n// memory reserve map at 0x%04x\n", h.offMemRsvmap()));
        for (int off = h.offMemRsvmap(); ; off += FdtHeader.RESERVE_ENTRY_SIZE) {
            need(off, FdtHeader.RESERVE_ENTRY_SIZE, "reserve map entry");
            long addr = b.getLong(off);
            long size = b.getLong(off + 8);
            if (size == 0) {
                out.append(String.format("// %04x end\n", off));
                return;
            }
            out.append(String.format("// %04x entry\n/memreserve/ 0x%x 0x%x;\n", off, addr, size));
        }
    }

    private void strings() {
        int base = h.offDtStrings();
        int size = h.sizeDtStrings();
        out.append(String.format("\n// strings block at 0x%04x, %d bytes\n", base, size));
        for (int off = 0; off < size; ) {
            int end = nul(base + off, base + size);
            if (end < 0) {
                out.append(String.format("// %04x nameoff 0x%02x: (unterminated)\n", base + off, off));
                return;
            }
            out.append(String.format("// %04x nameoff 0x%02x: %s\n", base + off, off, text(base + off, end)));
            off = end + 1 - base;
        }
    }

    private void structure() {
        int base = h.offDtStruct();
        int end = base + h.sizeDtStruct();
        out.append(String.format("\n// structure block at 0x%04x, %d bytes\n", base, h.sizeDtStruct()));
        int depth = 0;
        for (int off = base; off < end; ) {
            need(off, 4, "tag");
            int tag = b.getInt(off);
            switch (tag) {
                case FDT_BEGIN_NODE -> {
                    int nameEnd = nul(off + 4, end);
                    if (nameEnd < 0) {
                        throw bad("unterminated node name at 0x" + Integer.toHexString(off + 4));
                    }
                    String name = text(off + 4, nameEnd);
                    out.append(String.format("// %04x FDT_BEGIN_NODE\n", off));
                    indent(depth++).append(name.isEmpty() ? "/" : name).append(" {\n");
                    off = align(nameEnd + 1);
                }
                case FDT_END_NODE -> {
                    out.append(String.format("// %04x FDT_END_NODE\n", off));
                    indent(--depth).append("};\n");
                    off += 4;
                }
                case FDT_PROP -> off = property(off, depth, end);
                case FDT_NOP -> {
                    out.append(String.format("// %04x FDT_NOP\n", off));
                    off += 4;
                }
                case FDT_END -> {
                    out.append(String.format("// %04x FDT_END\n", off));
                    return;
                }
                default -> throw bad(String.format("unknown tag 0x%x at 0x%x", tag, off));
            }
        }
        throw bad("structure block has no FDT_END");
    }

    private int property(int off, int depth, int end) {
        need(off, 12, "property header");
        int len = b.getInt(off + 4);
        int nameoff = b.getInt(off + 8);
        int value = off + 12;
        if (len < 0 || value + (long) len > end) {
            throw bad("property at 0x" + Integer.toHexString(off) + " runs past the structure block");
        }
        int nameAt = h.offDtStrings() + nameoff;
        int nameEnd = nameoff < 0 ? -1 : nul(nameAt, h.offDtStrings() + h.sizeDtStrings());
        if (nameEnd < 0) {
            throw bad("property at 0x" + Integer.toHexString(off) + " has a bad nameoff");
        }
        byte[] v = new byte[len];
        b.get(value, v);
        String note = len == 8 && !DtsPrinter.looksLikeString(v) ? String.format(", raw LE u64 0x%x", Fdt.rawU64(v)) : "";
        out.append(String.format("// %04x FDT_PROP len %d nameoff 0x%02x, value at %04x%s\n", off, len, nameoff, value,
                note));
        indent(depth).append(text(nameAt, nameEnd));
        if (len > 0) {
            out.append(" = ").append(DtsPrinter.formatValue(v));
        }
        out.append(";\n");
        return align(value + len);
    }

    private StringBuilder indent(int depth) {
        return out.append("    ".repeat(Math.max(depth, 0)));
    }

    /** Index of the first NUL in [from, limit), or -1. */
    private int nul(int from, int limit) {
        for (int i = from; i < Math.min(limit, b.limit()); i++) {
            if (b.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(b.array(), from, to - from, StandardCharsets.UTF_8);
    }

    private void need(int off, int len, String what) {
        if (off < 0 || (long) off + len > b.limit()) {
            throw bad(what + " at 0x" + Integer.toHexString(off) + " is past the end of the blob");
        }
    }

    private static int align(int off) {
        return (off + 3) & ~3;
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    private static FdtException bad(String detail) {
        return new FdtException("fdt dump", FdtError.BADSTRUCTURE, detail);
    }
}
