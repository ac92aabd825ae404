/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kho-v2+ root FDT names and radix tree constants (abi-reference 3.1, 3.3). */
#ifndef KHOEMU_ABI_KHO_RADIX_H
#define KHOEMU_ABI_KHO_RADIX_H
#include "types.h"

#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#define PROP_PRESERVED_MEMORY_MAP "preserved-memory-map"
#define PROP_PRESERVED_DATA "preserved-data"
#define PROP_BLOB_SIZE "blob-size"
#define KHO_ORDER_0_LOG2 (64 - PAGE_SHIFT)
#define KHO_TABLE_SIZE_LOG2 __builtin_ctz(PAGE_SIZE / sizeof(u64))
#define KHO_BITMAP_SIZE_LOG2 (PAGE_SHIFT + 3)
#define KHO_TREE_MAX_DEPTH \
	((KHO_ORDER_0_LOG2 - KHO_BITMAP_SIZE_LOG2 + KHO_TABLE_SIZE_LOG2 - 1) / KHO_TABLE_SIZE_LOG2 + 1)

static void print_kho_radix(void)
{
	TEXT(PROP_PRESERVED_MEMORY_MAP);
	TEXT(PROP_PRESERVED_DATA);
	TEXT(PROP_BLOB_SIZE);
	NUMBER(KHO_ORDER_0_LOG2);
	NUMBER(KHO_TABLE_SIZE_LOG2);
	NUMBER(KHO_BITMAP_SIZE_LOG2);
	NUMBER(KHO_TREE_MAX_DEPTH);
}
#endif
