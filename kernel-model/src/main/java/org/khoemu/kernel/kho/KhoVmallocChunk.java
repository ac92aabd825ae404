// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct kho_vmalloc_chunk}, exactly one page: {@code hdr.next} u64 phys @0, then
 * {@code phys[511]} (one u64 per 2^order-page piece) from @8, ended by a 0 entry or the page end.
 */
public final class KhoVmallocChunk {
    public static final int SIZE = 4096;
    public static final int OFF_NEXT = 0;
    public static final int OFF_PHYS = 8;
    /** {@code KHO_VMALLOC_SIZE} = (4096 - 8) / 8. */
    public static final int KHO_VMALLOC_SIZE = 511;

    private KhoVmallocChunk() {
    }

    public static long next(PhysMem mem, long chunk) {
        return mem.read64(chunk + OFF_NEXT);
    }

    public static void setNext(PhysMem mem, long chunk, long next) {
        mem.write64(chunk + OFF_NEXT, next);
    }

    public static long phys(PhysMem mem, long chunk, int i) {
        return mem.read64(chunk + OFF_PHYS + 8L * i);
    }

    public static void setPhys(PhysMem mem, long chunk, int i, long pa) {
        mem.write64(chunk + OFF_PHYS + 8L * i, pa);
    }
}
