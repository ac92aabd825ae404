// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.v1;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct khoser_mem_bitmap_ptr} (16 bytes): {@code phys_start} u64 @0 (address covered by
 * bit 0), {@code bitmap} u64 @8 (phys of a 4096-byte {@code kho_mem_phys_bits} page).
 */
public record KhoBitmapEntry(long physStart, long bitmap) {
    public static final int SIZE = KhoV1Layout.KHOSER_MEM_BITMAP_PTR.size();
    public static final int OFF_PHYS_START = KhoV1Layout.KHOSER_MEM_BITMAP_PTR.offset("phys_start");
    public static final int OFF_BITMAP = KhoV1Layout.KHOSER_MEM_BITMAP_PTR.offset("bitmap");

    public static KhoBitmapEntry readFrom(PhysMem mem, long pa) {
        return new KhoBitmapEntry(mem.read64(pa + OFF_PHYS_START), mem.read64(pa + OFF_BITMAP));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_PHYS_START, physStart);
        mem.write64(pa + OFF_BITMAP, bitmap);
    }
}
