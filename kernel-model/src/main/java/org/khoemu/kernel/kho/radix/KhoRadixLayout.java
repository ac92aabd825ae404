// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.KhoRootFdt;

/**
 * The kho-v2+ layout table (abi-reference 3.1, 3.3): the root FDT's property names and the
 * radix tree's constants. {@link KhoRadixKey} takes its numbers from here; a LUO profile riding
 * on kho-v2…v4 can {@code include} it, as the v1-era profiles include the kho-v1 table.
 */
public final class KhoRadixLayout {
    private KhoRadixLayout() {
    }

    private static final int PAGE_SHIFT = 12;
    private static final int ORDER_0_LOG2 = 64 - PAGE_SHIFT;
    private static final int TABLE_SIZE_LOG2 = Integer.numberOfTrailingZeros((1 << PAGE_SHIFT) / Long.BYTES);
    private static final int BITMAP_SIZE_LOG2 = PAGE_SHIFT + 3;

    public static final AbiLayout LAYOUT = AbiLayout.of("kho-radix")
            .text("PROP_PRESERVED_MEMORY_MAP", KhoRootFdt.PROP_PRESERVED_MEMORY_MAP,
                    "root property: raw u64 phys of the radix tree's root node")
            .text("PROP_PRESERVED_DATA", KhoGeneration.PROP_PRESERVED_DATA,
                    "property of each KHO child: raw u64 phys of its blob")
            .text("PROP_BLOB_SIZE", KhoGeneration.PROP_BLOB_SIZE,
                    "property of each KHO child from kho-v3 on: raw u64 size of its blob")
            .number("KHO_ORDER_0_LOG2", ORDER_0_LOG2, "64 - PAGE_SHIFT: the order bit of an order-0 key")
            .number("KHO_TABLE_SIZE_LOG2", TABLE_SIZE_LOG2, "log2(PAGE_SIZE / sizeof(u64)): slots of a node page")
            .number("KHO_BITMAP_SIZE_LOG2", BITMAP_SIZE_LOG2, "PAGE_SHIFT + 3: bits of a leaf page")
            .number("KHO_TREE_MAX_DEPTH", (ORDER_0_LOG2 - BITMAP_SIZE_LOG2 + TABLE_SIZE_LOG2 - 1) / TABLE_SIZE_LOG2 + 1,
                    "DIV_ROUND_UP(KHO_ORDER_0_LOG2 - KHO_BITMAP_SIZE_LOG2, KHO_TABLE_SIZE_LOG2) + 1, the leaf included")
            .build();
}
