// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtException;
import org.khoemu.fdt.FdtHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An FDT read out of untrusted RAM: the header's {@code totalsize} is checked against the space
 * the handover gives it before any byte reaches libfdt, which then validates the structure.
 * Lookups that fail become {@link ImageFormatException}s naming the blob, its address and the
 * node or property.
 */
public record FdtBlob(String what, long pa, byte[] bytes, Fdt fdt) {
    static final int FDT_MAGIC = FdtHeader.MAGIC;
    static final int HEADER_SIZE = FdtHeader.SIZE;

    public static FdtBlob read(FieldReader r, String what, long pa, long maxSize) {
        r.checkRange(pa, HEADER_SIZE, what + " header");
        ByteBuffer h = ByteBuffer.wrap(r.bytes(pa, HEADER_SIZE, what + " header")).order(ByteOrder.BIG_ENDIAN);
        int magic = h.getInt(0);
        FieldReader.require(magic == FDT_MAGIC, what + " magic", pa, "0x%08x, expected 0xd00dfeed", magic);
        long total = h.getInt(4) & 0xffffffffL;
        FieldReader.require(total >= HEADER_SIZE && total <= maxSize, what + " totalsize", pa + 4,
                "%d bytes, expected %d..%d", total, HEADER_SIZE, maxSize);
        byte[] blob = r.bytes(pa, (int) total, what);
        try {
            return new FdtBlob(what, pa, blob, Fdt.fromBytes(blob));
        } catch (FdtException | IllegalArgumentException e) {
            throw ImageFormatException.at(what, pa, e.getMessage());
        }
    }

    /** A node by path; absent is an error naming the path. */
    public int node(String path) {
        int n = guard(path, () -> fdt.pathOffset(path));
        FieldReader.require(n >= 0, what + " node " + path, pa, "missing");
        return n;
    }

    public void requireCompatible(int node, String path, String compat) {
        String c = string(node, path, "compatible");
        FieldReader.require(compat.equals(c), what + " " + path + " compatible", pa, "\"%s\", expected \"%s\"", c, compat);
    }

    /** A string property; missing or unterminated is an error naming it. */
    public String string(int node, String path, String prop) {
        String c = guard(path, () -> fdt.getpropString(node, prop));
        FieldReader.require(c != null, what + " " + path + " " + prop, pa, "missing");
        return c;
    }

    /** The root's children by name, in blob order, with their node offsets. */
    public java.util.Map<String, Integer> children() {
        return guard("/", () -> {
            java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
            for (int n : fdt.subnodes(0)) {
                m.put(fdt.nodeName(n), n);
            }
            return m;
        });
    }

    /** A raw native-endian u64 property (the kernel's {@code get_unaligned} pattern): exactly 8 bytes. */
    public long rawU64(int node, String path, String prop) {
        byte[] v = guard(path, () -> fdt.getprop(node, prop));
        String f = what + " " + path + " " + prop;
        FieldReader.require(v != null, f, pa, "missing");
        FieldReader.require(v.length == 8, f, pa, "%d bytes, expected 8", v.length);
        return Fdt.rawU64(v);
    }

    private <T> T guard(String path, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (FdtException e) {
            throw ImageFormatException.at(what + " " + path, pa, e.getMessage());
        }
    }
}
