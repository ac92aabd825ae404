// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.v1;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.KhoRootFdt;
import org.khoemu.kernel.kho.KhoVmalloc;

/**
 * The kho-v1 layout table (abi-reference 3.1, 3.2): the root FDT's names and the bitmap chunk
 * list of the preserved-memory map. {@link KhoMemChunk}, {@link KhoBitmapEntry}, the map walker
 * and the inspector take their positions from here.
 */
public final class KhoV1Layout {
    private KhoV1Layout() {
    }

    private static final int PAGE_SIZE = 4096;
    private static final String COMPAT = "KHO_FDT_COMPATIBLE";

    public static final AbiStruct KHOSER_MEM_BITMAP_PTR = AbiStruct.packed("khoser_mem_bitmap_ptr", COMPAT,
                    "one bitmap of one order")
            .u64("phys_start", "physical address covered by bit 0")
            .u64("bitmap", "phys of a 4096-byte kho_mem_phys_bits page")
            .build();

    public static final AbiStruct KHOSER_MEM_CHUNK_HDR = AbiStruct.packed("khoser_mem_chunk_hdr", COMPAT,
                    "header of one chunk page")
            .u64("next", "phys of the next chunk, 0 = last")
            .u32("order", "the order every entry of this chunk describes")
            .u32("num_elms", "entries used")
            .build();

    /** {@code KHOSER_BITMAP_SIZE}: the entries that fill the rest of the page. */
    public static final int KHOSER_BITMAP_SIZE = (PAGE_SIZE - KHOSER_MEM_CHUNK_HDR.size()) / KHOSER_MEM_BITMAP_PTR.size();

    public static final AbiStruct KHOSER_MEM_CHUNK = AbiStruct.packed("khoser_mem_chunk", COMPAT,
                    "one page of the preserved-memory map's chunk list")
            .embed("hdr", KHOSER_MEM_CHUNK_HDR, "chunk header")
            .array("bitmaps", KHOSER_MEM_BITMAP_PTR, KHOSER_BITMAP_SIZE, "bitmap pointers")
            .build();

    public static final AbiLayout LAYOUT = AbiLayout.of("kho-v1")
            .struct(KHOSER_MEM_CHUNK_HDR).struct(KHOSER_MEM_BITMAP_PTR).struct(KHOSER_MEM_CHUNK)
            .struct(KhoVmalloc.STRUCT)
            .text(COMPAT, "kho-v1", "compatible of the KHO root FDT")
            .text("PROP_PRESERVED_MEMORY_MAP", KhoRootFdt.PROP_PRESERVED_MEMORY_MAP,
                    "root property: raw u64 phys of the first khoser_mem_chunk")
            .text("PROP_SUB_FDT", "fdt", "property of each KHO child: raw u64 phys of its sub-FDT")
            .number("KHOSER_BITMAP_SIZE", KHOSER_BITMAP_SIZE, "(PAGE_SIZE - sizeof(hdr)) / sizeof(bitmap ptr)")
            .number("PRESERVE_BITS", PAGE_SIZE * 8L, "bits of one kho_mem_phys_bits page")
            .build();
}
