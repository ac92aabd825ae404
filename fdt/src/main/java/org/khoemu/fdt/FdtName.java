// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * A node, property or compatible name encoded once into native memory as a NUL-terminated
 * UTF-8 string. Passing a {@code String} to libfdt through JNA re-encodes it on every call
 * (about 8 µs per small tree); kernel code keeps its constant names as {@code FdtName}s.
 * Immutable and safe to share between threads (libfdt only reads it).
 */
public final class FdtName {
    private final String name;
    private final Memory memory;

    private FdtName(String name) {
        byte[] bytes = encode(name);
        this.name = name;
        this.memory = new Memory(bytes.length + 1L);
        memory.write(0, bytes, 0, bytes.length);
        memory.setByte(bytes.length, (byte) 0);
    }

    public static FdtName of(String name) {
        return new FdtName(name);
    }

    /** The UTF-8 bytes of a name, without terminator; rejects NUL, which would cut it short. */
    static byte[] encode(String name) {
        if (name == null) {
            throw new IllegalArgumentException("FDT name is null");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("FDT name contains a NUL character: " + name.replace('\0', '?'));
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    public String name() {
        return name;
    }

    /** The NUL-terminated bytes in native memory, valid as long as this object is reachable. */
    public Pointer pointer() {
        return memory;
    }

    @Override
    public String toString() {
        return name;
    }
}
