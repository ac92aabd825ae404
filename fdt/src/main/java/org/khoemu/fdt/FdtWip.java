// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Pointer;

/**
 * libfdt's write-in-place API ({@code fdt_wip.c}): overwrite a property value of the same
 * length without moving anything. This is how KHO updates {@code preserved-memory-map} at
 * finalize: no {@code fdt_open_into}, no {@code fdt_pack}, so the blob layout stays as it was.
 */
public final class FdtWip {
    private final Pointer buf;

    private FdtWip(Pointer buf) {
        this.buf = buf;
    }

    /** Validates the blob at {@code hostAddress} (untrusted, at most {@code bufsize} bytes). */
    public static FdtWip at(long hostAddress, int bufsize) {
        Fdt.wrapUntrusted(hostAddress, bufsize);
        return new FdtWip(new Pointer(hostAddress));
    }

    /** {@code fdt_setprop_inplace}: FDT_ERR_NOSPACE if the length differs, NOTFOUND if absent. */
    public FdtWip setpropInplace(int node, String name, byte[] value) {
        String op = FdtName.op("fdt_setprop_inplace", name);
        FdtException.checkNode(op, node);
        byte[] n = FdtName.cString(op, "name", name);
        FdtException.check(op, LibFdt.fdt_setprop_inplace(buf, node, n, value, value.length));
        return this;
    }

    /** Raw native little-endian u64: the LUO/KHO encoding (see {@link FdtWriter#propertyRawU64}). */
    public FdtWip setpropInplaceRawU64(int node, String name, long value) {
        return setpropInplace(node, name, Fdt.rawU64Bytes(value));
    }
}
