// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Pointer;

/**
 * libfdt's read-write API on a finished blob, in place: the way KHO adds and removes its
 * sub-blob nodes ({@code fdt_open_into}, {@code fdt_add_subnode}, {@code fdt_setprop},
 * {@code fdt_del_node}, {@code fdt_pack}). The blob is validated as untrusted input before
 * libfdt edits it.
 *
 * <p>Node offsets are libfdt's and, as in C, every edit may move the nodes after the edited
 * spot: look offsets up again (through {@link #reader()}) after each change. A NUL inside a
 * name or string value is {@link FdtError#BADVALUE}, never a silently shortened name.
 * Not thread-safe.
 */
public final class FdtEditor {
    private final Pointer buf;
    private final int bufsize;

    private FdtEditor(Pointer buf, int bufsize) {
        this.buf = buf;
        this.bufsize = bufsize;
    }

    /**
     * Opens the finished blob at {@code hostAddress} for editing in a buffer of {@code bufsize}
     * bytes starting at the same address ({@code fdt_open_into(fdt, fdt, bufsize)}); its
     * {@code totalsize} becomes {@code bufsize} until {@link #pack()}.
     */
    public static FdtEditor openAt(long hostAddress, int bufsize) {
        Fdt.wrapUntrusted(hostAddress, bufsize);
        Pointer p = new Pointer(hostAddress);
        FdtException.check("fdt_open_into", LibFdt.fdt_open_into(p, p, bufsize));
        return new FdtEditor(p, bufsize);
    }

    /** A validated read view of the tree as it is now (checked again on every call). */
    public Fdt reader() {
        return Fdt.wrapUntrusted(Pointer.nativeValue(buf), bufsize);
    }

    /** Adds child {@code name} under {@code parent}; {@link FdtError#EXISTS} if there is one. */
    public int addSubnode(int parent, String name) {
        String op = FdtName.op("fdt_add_subnode", name);
        FdtException.checkNode(op, parent);
        int rc = LibFdt.fdt_add_subnode(buf, parent, FdtName.cString(op, "name", name));
        FdtException.check(op, rc);
        return rc;
    }

    /** Creates or replaces a property with exactly these bytes. */
    public FdtEditor setprop(int node, String name, byte[] value) {
        String op = FdtName.op("fdt_setprop", name);
        FdtException.checkNode(op, node);
        FdtException.check(op, LibFdt.fdt_setprop(buf, node, FdtName.cString(op, "name", name), value, value.length));
        return this;
    }

    /** Raw native little-endian u64: the LUO/KHO encoding (see {@link FdtWriter#propertyRawU64}). */
    public FdtEditor setpropRawU64(int node, String name, long value) {
        return setprop(node, name, Fdt.rawU64Bytes(value));
    }

    /** NUL-terminated string ({@code fdt_setprop_string}). */
    public FdtEditor setpropString(int node, String name, String value) {
        return setprop(node, name, FdtName.cString(FdtName.op("fdt_setprop", name), "string value", value));
    }

    /** Removes a property; {@link FdtError#NOTFOUND} if it does not exist. */
    public FdtEditor delprop(int node, String name) {
        String op = FdtName.op("fdt_delprop", name);
        FdtException.checkNode(op, node);
        FdtException.check(op, LibFdt.fdt_delprop(buf, node, FdtName.cString(op, "name", name)));
        return this;
    }

    /** Removes a node and everything below it. */
    public FdtEditor delNode(int node) {
        String op = "fdt_del_node";
        FdtException.checkNode(op, node);
        FdtException.check(op, LibFdt.fdt_del_node(buf, node));
        return this;
    }

    /** Shrinks {@code totalsize} to the bytes in use ({@code fdt_pack}). */
    public FdtEditor pack() {
        FdtException.check("fdt_pack", LibFdt.fdt_pack(buf));
        return this;
    }

    public int totalSize() {
        return FdtHeader.readFrom(buf).totalsize();
    }

    public long hostAddress() {
        return Pointer.nativeValue(buf);
    }

    /** A copy of the current {@code totalsize} bytes. */
    public byte[] toBytes() {
        return buf.getByteArray(0, totalSize());
    }
}
