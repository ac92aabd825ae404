// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

import java.nio.ByteBuffer;

/**
 * Physical RAM as the kernel reaches it through its direct map. All multi-byte values are
 * little-endian (x86-64). Every method throws {@link MachineCheck} for an access outside
 * {@code [0, size())}. Implemented by the emulator over native memory, and by a heap array in
 * kernel-model unit tests.
 */
public interface PhysMem {
    /** Bytes of physical address space backed by RAM, starting at 0. */
    long size();

    byte read8(long pa);

    short read16(long pa);

    int read32(long pa);

    long read64(long pa);

    void write8(long pa, byte v);

    void write16(long pa, short v);

    void write32(long pa, int v);

    void write64(long pa, long v);

    void read(long pa, byte[] dst, int off, int len);

    void write(long pa, byte[] src, int off, int len);

    default byte[] read(long pa, int len) {
        byte[] b = new byte[len];
        read(pa, b, 0, len);
        return b;
    }

    default void write(long pa, byte[] src) {
        write(pa, src, 0, src.length);
    }

    void fill(long pa, long len, byte value);

    /** memmove semantics. */
    void copy(long dstPa, long srcPa, long len);

    /**
     * A little-endian buffer whose position 0 is {@code pa}. On native RAM this is a view: writes
     * through it are RAM writes. Hot paths (bitmaps, session arrays) use it to avoid a call per
     * access.
     */
    ByteBuffer window(long pa, int len);

    /**
     * The host virtual address of {@code [pa, pa+len)} when RAM is native memory, so that a
     * native writer (libfdt) can build a structure in place; 0 when RAM is not native.
     */
    long hostAddress(long pa, long len);
}
