// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.function.LongFunction;

/**
 * Native memory for libfdt when the caller's blob lives on the Java heap: libfdt works on a
 * native copy, and the copy's bytes are put back into the array afterwards, even when the
 * operation throws (a half-done in-place edit stays, as it would in C).
 */
public final class NativeScratch {
    private NativeScratch() {
    }

    /** Runs {@code op} with the host address of a native copy of {@code bytes}; copies back. */
    public static <T> T edit(byte[] bytes, LongFunction<T> op) {
        try (Memory copy = new Memory(Math.max(1, bytes.length))) { // malloc: 16-byte aligned
            copy.write(0, bytes, 0, bytes.length);
            try {
                return op.apply(Pointer.nativeValue(copy));
            } finally {
                copy.read(0, bytes, 0, bytes.length);
            }
        }
    }
}
