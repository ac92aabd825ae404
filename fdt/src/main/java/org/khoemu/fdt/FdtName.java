// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * A node, property or compatible name encoded once into native memory as a NUL-terminated
 * UTF-8 string. Every {@code String} overload of {@link FdtWriter}, {@link Fdt} and
 * {@link FdtEditor} encodes its name again on each call; the {@code FdtName} overloads hand
 * libfdt these bytes as they are. Worth it for a name used in many calls (native-deps.md
 * measured about 8 µs of String marshalling per small tree).
 * Immutable and safe to share between threads (libfdt only reads it).
 */
public final class FdtName {
    private final String name;
    private final Memory memory;

    private FdtName(String name) {
        byte[] bytes = cString("FdtName.of", "name", name);
        this.name = name;
        this.memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
    }

    /** Encodes {@code name}; a NUL inside it is {@link FdtError#BADVALUE}. */
    public static FdtName of(String name) {
        return new FdtName(name);
    }

    /**
     * The UTF-8 bytes of {@code s} plus the terminating NUL, as libfdt wants a name or string
     * value. C cannot express a NUL inside such a string (libfdt would silently use the part
     * before it), so that is {@link FdtError#BADVALUE} for {@code op}, as is null.
     */
    static byte[] cString(String op, String what, String s) {
        return cString(op, FdtError.BADVALUE, what, s);
    }

    /** {@link #cString(String, String, String)} failing with {@code error}, e.g. BADPATH for a path. */
    static byte[] cString(String op, FdtError error, String what, String s) {
        if (s == null) {
            throw new FdtException(op, error, what + " is null");
        }
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            throw new FdtException(op, error, what + " \"" + printable(s)
                    + "\" has a NUL at index " + nul + "; libfdt would see only \"" + s.substring(0, nul) + "\"");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    /** {@code fn(name)} for an exception's operation, with a NUL shown as {@code \0}. */
    static String op(String fn, String name) {
        return fn + "(" + printable(name) + ")";
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replace("\0", "\\0");
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
