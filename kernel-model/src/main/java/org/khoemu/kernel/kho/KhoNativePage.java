// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.NativeScratch;
import org.khoemu.kernel.port.PhysMem;

import java.util.function.LongFunction;

/**
 * A range of RAM as native memory for libfdt, which edits buffers in place. When RAM is native
 * (the emulator) libfdt works on the RAM itself, exactly as the kernel's libfdt works on its
 * page. When RAM is a Java heap array (unit tests) libfdt works on a native copy that is
 * written back afterwards, even when the operation throws: a half-done in-place edit stays
 * in RAM, as it would in the kernel.
 */
final class KhoNativePage {
    private KhoNativePage() {
    }

    /** Runs {@code op} on the host address of {@code [pa, pa+len)}; RAM changes are kept. */
    static <T> T edit(PhysMem mem, long pa, int len, LongFunction<T> op) {
        return run(mem, pa, len, true, op);
    }

    /** Runs a read-only {@code op}; on heap RAM the copy is not written back. */
    static <T> T read(PhysMem mem, long pa, int len, LongFunction<T> op) {
        return run(mem, pa, len, false, op);
    }

    private static <T> T run(PhysMem mem, long pa, int len, boolean writeBack, LongFunction<T> op) {
        long host = mem.hostAddress(pa, len);
        if (host != 0) {
            return op.apply(host);
        }
        byte[] page = mem.read(pa, len);
        try {
            return NativeScratch.edit(page, op);
        } finally {
            if (writeBack) {
                mem.write(pa, page);
            }
        }
    }
}
