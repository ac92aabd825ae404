// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct kho_vmalloc} (16 bytes): {@code first} u64 @0 (phys of the first
 * {@code kho_vmalloc_chunk}), {@code total_pages} u32 @8, {@code flags} u16 @12,
 * {@code order} u16 @14.
 */
public record KhoVmalloc(long first, int totalPages, short flags, short order) {
    /** The layout table entry; the offsets below are read from it. */
    public static final AbiStruct STRUCT = AbiStruct.packed("kho_vmalloc", "KHO_FDT_COMPATIBLE",
                    "descriptor of a preserved vmalloc area")
            .u64("first", "phys of the first kho_vmalloc_chunk")
            .u32("total_pages", "pages of the area")
            .u16("flags", "KHO_VMALLOC_ALLOC 0x1, KHO_VMALLOC_HUGE_VMAP 0x2")
            .u16("order", "order of each piece")
            .build();
    public static final int SIZE = STRUCT.size();
    public static final int OFF_FIRST = STRUCT.offset("first");
    public static final int OFF_TOTAL_PAGES = STRUCT.offset("total_pages");
    public static final int OFF_FLAGS = STRUCT.offset("flags");
    public static final int OFF_ORDER = STRUCT.offset("order");
    public static final short KHO_VMALLOC_ALLOC = 0x1;
    public static final short KHO_VMALLOC_HUGE_VMAP = 0x2;

    public static KhoVmalloc readFrom(PhysMem mem, long pa) {
        return new KhoVmalloc(mem.read64(pa + OFF_FIRST), mem.read32(pa + OFF_TOTAL_PAGES),
                mem.read16(pa + OFF_FLAGS), mem.read16(pa + OFF_ORDER));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_FIRST, first);
        mem.write32(pa + OFF_TOTAL_PAGES, totalPages);
        mem.write16(pa + OFF_FLAGS, flags);
        mem.write16(pa + OFF_ORDER, order);
    }
}
