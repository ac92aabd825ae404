// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA direct mapping of the exported functions of the system libfdt (Debian {@code libfdt1}).
 * Loaded by its runtime soname so the {@code -dev} symlink is not needed. Only functions that
 * {@code nm -D libfdt.so.1} lists are bound; libfdt's macros and inline helpers live in Java
 * ({@link FdtHeader}, {@link FdtWriter}, {@link Fdt}).
 *
 * <p>Every name parameter has a {@link Pointer} overload so that constant names can be
 * encoded once ({@link FdtName}) instead of on every call, and a {@code byte[]} overload for
 * a name the caller has encoded as NUL-terminated UTF-8 (the {@code String} overloads use
 * JNA's platform encoding and cut a name at an inner NUL). Nothing here validates input:
 * callers must only pass blobs already checked by {@link Fdt}.
 */
public final class LibFdt {
    /** The runtime soname of libfdt 1.x. */
    public static final String LIBRARY = "libfdt.so.1";

    static {
        Native.register(LibFdt.class, NativeLibrary.getInstance(LIBRARY));
    }

    private LibFdt() {
    }

    // sequential write
    public static native int fdt_create(Pointer buf, int bufsize);

    public static native int fdt_add_reservemap_entry(Pointer fdt, long addr, long size);

    public static native int fdt_finish_reservemap(Pointer fdt);

    public static native int fdt_begin_node(Pointer fdt, String name);

    public static native int fdt_begin_node(Pointer fdt, Pointer name);

    public static native int fdt_property(Pointer fdt, String name, byte[] val, int len);

    public static native int fdt_property(Pointer fdt, Pointer name, Pointer val, int len);

    public static native int fdt_end_node(Pointer fdt);

    public static native int fdt_finish(Pointer fdt);

    // read-write (in place)
    public static native int fdt_open_into(Pointer fdt, Pointer buf, int bufsize);

    public static native int fdt_pack(Pointer fdt);

    public static native int fdt_add_subnode(Pointer fdt, int parent, String name);

    public static native int fdt_add_subnode(Pointer fdt, int parent, byte[] name);

    public static native int fdt_setprop(Pointer fdt, int node, String name, byte[] val, int len);

    public static native int fdt_setprop(Pointer fdt, int node, byte[] name, byte[] val, int len);

    public static native int fdt_setprop_inplace(Pointer fdt, int node, String name, byte[] val, int len);

    public static native int fdt_setprop_inplace(Pointer fdt, int node, byte[] name, byte[] val, int len);

    public static native int fdt_delprop(Pointer fdt, int node, String name);

    public static native int fdt_delprop(Pointer fdt, int node, byte[] name);

    public static native int fdt_del_node(Pointer fdt, int node);

    // checks
    public static native int fdt_check_header(Pointer fdt);

    public static native int fdt_check_full(Pointer fdt, long bufsize);

    // read
    public static native int fdt_path_offset(Pointer fdt, String path);

    public static native int fdt_path_offset(Pointer fdt, byte[] path);

    public static native int fdt_subnode_offset(Pointer fdt, int parent, String name);

    public static native int fdt_subnode_offset(Pointer fdt, int parent, Pointer name);

    public static native int fdt_subnode_offset(Pointer fdt, int parent, byte[] name);

    public static native Pointer fdt_getprop(Pointer fdt, int node, String name, int[] lenp);

    public static native Pointer fdt_getprop(Pointer fdt, int node, Pointer name, int[] lenp);

    public static native Pointer fdt_getprop(Pointer fdt, int node, byte[] name, int[] lenp);

    public static native int fdt_node_check_compatible(Pointer fdt, int node, String compatible);

    public static native int fdt_node_check_compatible(Pointer fdt, int node, Pointer compatible);

    public static native int fdt_node_check_compatible(Pointer fdt, int node, byte[] compatible);

    public static native Pointer fdt_get_name(Pointer fdt, int node, int[] lenp);

    public static native int fdt_first_subnode(Pointer fdt, int node);

    public static native int fdt_next_subnode(Pointer fdt, int offset);

    public static native int fdt_first_property_offset(Pointer fdt, int node);

    public static native int fdt_next_property_offset(Pointer fdt, int offset);

    public static native Pointer fdt_getprop_by_offset(Pointer fdt, int offset, PointerByReference namep,
                                                       int[] lenp);

    public static native int fdt_num_mem_rsv(Pointer fdt);

    public static native int fdt_get_mem_rsv(Pointer fdt, int n, long[] address, long[] size);

    // utilities
    public static native String fdt_strerror(int errval);
}
