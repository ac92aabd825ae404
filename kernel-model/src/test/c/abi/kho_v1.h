/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kho-v1 memory map (abi-reference 3.2); struct kho_vmalloc (3.8) is in luo_file.h. */
#ifndef KHOEMU_ABI_KHO_V1_H
#define KHOEMU_ABI_KHO_V1_H
#include "types.h"
#include "luo_file.h"

#define KHO_FDT_COMPATIBLE "kho-v1"
#define PROP_PRESERVED_MEMORY_MAP "preserved-memory-map"
#define PROP_SUB_FDT "fdt"
#define PRESERVE_BITS (PAGE_SIZE * 8)

struct khoser_mem_bitmap_ptr {
	u64 phys_start;
	u64 bitmap;
} __attribute__((packed));

struct khoser_mem_chunk_hdr {
	u64 next;
	u32 order;
	u32 num_elms;
} __attribute__((packed));

#define KHOSER_BITMAP_SIZE ((PAGE_SIZE - sizeof(struct khoser_mem_chunk_hdr)) / sizeof(struct khoser_mem_bitmap_ptr))

struct khoser_mem_chunk {
	struct khoser_mem_chunk_hdr hdr;
	struct khoser_mem_bitmap_ptr bitmaps[KHOSER_BITMAP_SIZE];
} __attribute__((packed));


static void print_kho_v1(void)
{
	STRUCT(khoser_mem_chunk_hdr);
	FIELD(khoser_mem_chunk_hdr, next);
	FIELD(khoser_mem_chunk_hdr, order);
	FIELD(khoser_mem_chunk_hdr, num_elms);
	STRUCT(khoser_mem_bitmap_ptr);
	FIELD(khoser_mem_bitmap_ptr, phys_start);
	FIELD(khoser_mem_bitmap_ptr, bitmap);
	STRUCT(khoser_mem_chunk);
	FIELD(khoser_mem_chunk, hdr);
	FIELD(khoser_mem_chunk, hdr.next);
	FIELD(khoser_mem_chunk, hdr.order);
	FIELD(khoser_mem_chunk, hdr.num_elms);
	FIELD(khoser_mem_chunk, bitmaps);
	print_kho_vmalloc();
	TEXT(KHO_FDT_COMPATIBLE);
	TEXT(PROP_PRESERVED_MEMORY_MAP);
	TEXT(PROP_SUB_FDT);
	NUMBER(KHOSER_BITMAP_SIZE);
	NUMBER(PRESERVE_BITS);
}
#endif
