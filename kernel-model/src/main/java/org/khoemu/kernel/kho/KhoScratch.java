// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.port.PhysMem;

/** {@code struct kho_scratch} (16 bytes, native endian): {@code addr} u64 @0, {@code size} u64 @8. */
public record KhoScratch(long addr, long size) {
    public static final int SIZE = 16;
    public static final int OFF_ADDR = 0;
    public static final int OFF_SIZE = 8;

    public static KhoScratch readFrom(PhysMem mem, long pa) {
        return new KhoScratch(mem.read64(pa + OFF_ADDR), mem.read64(pa + OFF_SIZE));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_ADDR, addr);
        mem.write64(pa + OFF_SIZE, size);
    }

    public long end() {
        return addr + size;
    }

    public boolean overlaps(long pa, long len) {
        return addr < pa + len && pa < addr + size;
    }
}
