// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only FDT in native memory, read through libfdt. Every way in treats the bytes as
 * untrusted: the header and block ranges are checked in Java ({@link FdtValidator}), then
 * libfdt's {@code fdt_check_full} checks the structure, so later libfdt calls stay inside the
 * blob. Node offsets are libfdt's; the root is {@link #ROOT}.
 *
 * <p>Also holds the Java versions of libfdt's byte-order helpers ({@code fdt32_to_cpu} ...)
 * and of the kernel's raw native-endian u64 property pattern.
 *
 * <p>Immutable once built; libfdt only reads the blob, so one {@code Fdt} may be shared
 * between threads. libfdt 1.6.1 requires the blob to be 8-byte aligned
 * ({@link FdtError#ALIGNMENT} otherwise); {@link #fromBytes} always is.
 */
public final class Fdt {
    /** Offset of the root node. */
    public static final int ROOT = 0;

    private final Pointer base;
    private final Memory owned; // keeps a copied blob alive; null for wrapUntrusted
    private final FdtHeader header;
    private final int sourceVersion;

    private Fdt(Pointer base, Memory owned, FdtHeader header, int sourceVersion) {
        this.base = base;
        this.owned = owned;
        this.header = header;
        this.sourceVersion = sourceVersion;
        int rc = LibFdt.fdt_check_full(base, header.totalsizeUnsigned());
        if (rc < 0) {
            FdtError e = FdtError.fromCode(rc);
            throw new FdtException("fdt_check_full", e, e.description());
        }
    }

    /**
     * Copies an untrusted blob into native memory and validates it. A version-16 blob is read as
     * dtc reads it: converted to version 17 by libfdt's {@code fdt_open_into} (after the Java
     * checks its header allows), then validated like any other.
     */
    public static Fdt fromBytes(byte[] blob) {
        if (FdtValidator.isVersion16(ByteBuffer.wrap(blob))) {
            return fromBytes(openInto(blob, FdtValidator.validateV16(ByteBuffer.wrap(blob))), FdtValidator.VERSION_16);
        }
        return fromBytes(blob, FdtHeader.VERSION);
    }

    private static Fdt fromBytes(byte[] blob, int sourceVersion) {
        FdtHeader h = FdtValidator.validate(ByteBuffer.wrap(blob));
        Memory m = new Memory(h.totalsizeUnsigned());
        m.write(0, blob, 0, h.totalsize());
        return new Fdt(m, m, h, sourceVersion);
    }

    /** Room for the header's growth by {@code size_dt_struct} and block alignment. */
    private static final int OPEN_INTO_SLACK = 64;

    /** {@code fdt_open_into} then {@code fdt_pack}: the same tree as a packed version-17 blob. */
    private static byte[] openInto(byte[] blob, int total) {
        if (total > Integer.MAX_VALUE - OPEN_INTO_SLACK) {
            throw new FdtException("header", FdtError.NOSPACE, "totalsize " + total + " too large to convert");
        }
        Memory src = new Memory(total);
        src.write(0, blob, 0, total);
        int size = total + OPEN_INTO_SLACK;
        Memory dst = new Memory(size);
        FdtException.check("fdt_open_into", LibFdt.fdt_open_into(src, dst, size));
        FdtException.check("fdt_pack", LibFdt.fdt_pack(dst));
        return dst.getByteArray(0, FdtHeader.readFrom(dst).totalsize());
    }

    /** The version the blob had before it was read: 16 for one converted by {@code fdt_open_into}. */
    public int sourceVersion() {
        return sourceVersion;
    }

    /**
     * Reads an untrusted blob in place, e.g. in emulated RAM; libfdt never reads past
     * {@code maxLen} bytes from {@code hostAddress}. The memory must stay valid and unchanged
     * while this object is used (the checks are done once, here). A NULL address or a negative
     * length is {@link FdtError#TRUNCATED}, as for a buffer too short for the header.
     */
    public static Fdt wrapUntrusted(long hostAddress, long maxLen) {
        // no readable bytes at all, reported like a buffer shorter than the header
        if (hostAddress == 0) {
            throw new FdtException("header", FdtError.TRUNCATED, "FDT address is NULL");
        }
        if (maxLen < 0) {
            throw new FdtException("header", FdtError.TRUNCATED, "negative FDT buffer length " + maxLen);
        }
        Pointer p = new Pointer(hostAddress);
        FdtHeader h = FdtValidator.validate(p.getByteBuffer(0, Math.min(maxLen, Integer.MAX_VALUE)));
        return new Fdt(p, null, h, FdtHeader.VERSION);
    }

    public FdtHeader header() {
        return header;
    }

    public int totalSize() {
        return header.totalsize();
    }

    public long hostAddress() {
        return Pointer.nativeValue(base);
    }

    /** A copy of the blob's {@code totalsize} bytes. */
    public byte[] toBytes() {
        return base.getByteArray(0, header.totalsize());
    }

    /**
     * Offset of the node at {@code path} (e.g. {@code /luo-session}), or -1 if there is none.
     * A NUL inside the path is {@link FdtError#BADPATH}.
     */
    public int pathOffset(String path) {
        String op = FdtName.op("fdt_path_offset", path);
        byte[] p = FdtName.cString(op, FdtError.BADPATH, "path", path);
        return notFoundToMinusOne(op, LibFdt.fdt_path_offset(base, p));
    }

    /**
     * Offset of the direct child {@code name} of {@code parent}, or -1 if there is none.
     * As everywhere in this class, a NUL inside a String name is {@link FdtError#BADVALUE}.
     */
    public int subnode(int parent, String name) {
        String op = FdtName.op("fdt_subnode_offset", name);
        FdtException.checkNode(op, parent);
        return notFoundToMinusOne(op, LibFdt.fdt_subnode_offset(base, parent, FdtName.cString(op, "name", name)));
    }

    public int subnode(int parent, FdtName name) {
        String op = FdtName.op("fdt_subnode_offset", name.name());
        FdtException.checkNode(op, parent);
        return notFoundToMinusOne(op, LibFdt.fdt_subnode_offset(base, parent, name.pointer()));
    }

    /** A copy of the property's value, or null when the node has no such property. */
    public byte[] getprop(int node, String name) {
        String op = FdtName.op("fdt_getprop", name);
        FdtException.checkNode(op, node);
        int[] len = new int[1];
        return propValue(op, LibFdt.fdt_getprop(base, node, FdtName.cString(op, "name", name), len), len[0]);
    }

    public byte[] getprop(int node, FdtName name) {
        String op = FdtName.op("fdt_getprop", name.name());
        FdtException.checkNode(op, node);
        int[] len = new int[1];
        return propValue(op, LibFdt.fdt_getprop(base, node, name.pointer(), len), len[0]);
    }

    /**
     * A string property without its terminating NUL, or null when absent. A value that is not
     * NUL-terminated is {@link FdtError#BADVALUE}; for a string list this returns the first string.
     */
    public String getpropString(int node, String name) {
        return firstString(FdtName.op("fdt_getprop", name), getprop(node, name));
    }

    public String getpropString(int node, FdtName name) {
        return firstString(FdtName.op("fdt_getprop", name.name()), getprop(node, name));
    }

    /** Whether the node's {@code compatible} list contains {@code compat}; false if it has none. */
    public boolean nodeCheckCompatible(int node, String compat) {
        String op = FdtName.op("fdt_node_check_compatible", compat);
        FdtException.checkNode(op, node);
        return compatible(op, LibFdt.fdt_node_check_compatible(base, node, FdtName.cString(op, "compatible", compat)));
    }

    public boolean nodeCheckCompatible(int node, FdtName compat) {
        String op = FdtName.op("fdt_node_check_compatible", compat.name());
        FdtException.checkNode(op, node);
        return compatible(op, LibFdt.fdt_node_check_compatible(base, node, compat.pointer()));
    }

    /** The node's name including any unit address; {@code ""} for the root. */
    public String nodeName(int node) {
        FdtException.checkNode("fdt_get_name", node);
        int[] len = new int[1];
        Pointer p = LibFdt.fdt_get_name(base, node, len);
        if (p == null) {
            throw FdtException.fromReturn("fdt_get_name", len[0]);
        }
        return new String(p.getByteArray(0, len[0]), StandardCharsets.UTF_8);
    }

    /** Offsets of the node's direct children, in blob order. */
    public List<Integer> subnodes(int node) {
        FdtException.checkNode("fdt_first_subnode", node);
        List<Integer> out = new ArrayList<>();
        for (int o = LibFdt.fdt_first_subnode(base, node); ; o = LibFdt.fdt_next_subnode(base, o)) {
            if (o < 0) {
                endOfList("fdt_first_subnode/fdt_next_subnode", o);
                return out;
            }
            out.add(o);
        }
    }

    /** The node's properties in blob order. */
    public List<FdtProperty> properties(int node) {
        List<FdtProperty> out = new ArrayList<>();
        eachProperty(node, (name, v, len) -> out.add(new FdtProperty(name, v.getByteArray(0, len))));
        return out;
    }

    /**
     * Where a property lies in the blob: its name, the offset and length of its value, as
     * {@code fdt_getprop_by_offset} finds them (so a fault campaign can change the value in place).
     */
    public record PropertyPosition(String name, int valueOffset, int length) {
    }

    /** The node's properties in blob order, with the blob offsets of their values. */
    public List<PropertyPosition> propertyPositions(int node) {
        List<PropertyPosition> out = new ArrayList<>();
        eachProperty(node, (name, v, len) -> out.add(new PropertyPosition(name,
                (int) (Pointer.nativeValue(v) - Pointer.nativeValue(base)), len)));
        return out;
    }

    private interface PropertyVisitor {
        void visit(String name, Pointer value, int length);
    }

    private void eachProperty(int node, PropertyVisitor visitor) {
        FdtException.checkNode("fdt_first_property_offset", node);
        PointerByReference name = new PointerByReference();
        int[] len = new int[1];
        for (int o = LibFdt.fdt_first_property_offset(base, node); ; o = LibFdt.fdt_next_property_offset(base, o)) {
            if (o < 0) {
                endOfList("fdt_first_property_offset/fdt_next_property_offset", o);
                return;
            }
            Pointer v = LibFdt.fdt_getprop_by_offset(base, o, name, len);
            if (v == null) {
                throw FdtException.fromReturn("fdt_getprop_by_offset", len[0]);
            }
            visitor.visit(name.getValue().getString(0, "UTF-8"), v, len[0]);
        }
    }

    /** The memory reservation entries, without the terminating (0, 0) entry. */
    public List<FdtReserveEntry> reserveMap() {
        int n = LibFdt.fdt_num_mem_rsv(base);
        FdtException.check("fdt_num_mem_rsv", n);
        List<FdtReserveEntry> out = new ArrayList<>(n);
        long[] addr = new long[1];
        long[] size = new long[1];
        for (int i = 0; i < n; i++) {
            FdtException.check("fdt_get_mem_rsv", LibFdt.fdt_get_mem_rsv(base, i, addr, size));
            out.add(new FdtReserveEntry(addr[0], size[0]));
        }
        return out;
    }

    // ---- Java versions of libfdt's byte-order helpers and of the raw kernel pattern ----

    /** {@code fdt32_to_cpu} applied to a u32 read from memory in the CPU's order. */
    public static int fdt32ToCpu(int x) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? x : Integer.reverseBytes(x);
    }

    /** {@code fdt64_to_cpu} applied to a u64 read from memory in the CPU's order. */
    public static long fdt64ToCpu(long x) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? x : Long.reverseBytes(x);
    }

    /** A one-cell (4-byte, big-endian) value. */
    public static int fdt32(byte[] v) {
        requireLength("fdt32", v, 4);
        return ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getInt();
    }

    /** A two-cell (8-byte, big-endian) value. */
    public static long fdt64(byte[] v) {
        requireLength("fdt64", v, 8);
        return ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    /**
     * A raw 8-byte little-endian u64, as LUO/KHO store them ({@code get_unaligned((u64 *)p)} on
     * x86-64); the kernel also demands exactly 8 bytes.
     */
    public static long rawU64(byte[] v) {
        requireLength("rawU64", v, 8);
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A raw 4-byte little-endian u32. */
    public static int rawU32(byte[] v) {
        requireLength("rawU32", v, 4);
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public static byte[] cpuToFdt32Bytes(int x) {
        return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(x).array();
    }

    public static byte[] cpuToFdt64Bytes(long x) {
        return ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(x).array();
    }

    public static byte[] rawU64Bytes(long x) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(x).array();
    }

    public static byte[] rawU32Bytes(int x) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(x).array();
    }

    private static void requireLength(String op, byte[] v, int len) {
        if (v == null || v.length != len) {
            throw new FdtException(op, FdtError.BADVALUE,
                    (v == null ? "no value" : v.length + " bytes") + ", expected exactly " + len);
        }
    }

    private static String firstString(String op, byte[] v) {
        if (v == null) {
            return null;
        }
        int end = indexOfNul(v);
        if (end < 0) {
            throw new FdtException(op, FdtError.BADVALUE, "string is not NUL-terminated");
        }
        return new String(v, 0, end, StandardCharsets.UTF_8);
    }

    private static int indexOfNul(byte[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] propValue(String op, Pointer p, int len) {
        if (p == null) {
            if (len == -FdtError.NOTFOUND.code()) {
                return null;
            }
            throw FdtException.fromReturn(op, len);
        }
        return p.getByteArray(0, len);
    }

    private static boolean compatible(String op, int rc) {
        if (rc == 0) {
            return true;
        }
        if (rc == 1 || rc == -FdtError.NOTFOUND.code()) {
            return false;
        }
        throw FdtException.fromReturn(op, rc);
    }

    private static int notFoundToMinusOne(String op, int rc) {
        if (rc == -FdtError.NOTFOUND.code()) {
            return -1;
        }
        FdtException.check(op, rc);
        return rc;
    }


    private static void endOfList(String op, int rc) {
        if (rc != -FdtError.NOTFOUND.code()) {
            throw FdtException.fromReturn(op, rc);
        }
    }
}
