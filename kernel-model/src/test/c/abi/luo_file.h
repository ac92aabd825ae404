/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every LUO generation shares for files (abi-reference 1.5, 2.3, 3.8): luo_file_ser, the
 * memfd handler's structs and struct kho_vmalloc, unchanged from the seed to luo-v5.
 */
#ifndef KHOEMU_ABI_LUO_FILE_H
#define KHOEMU_ABI_LUO_FILE_H
#include "types.h"

#define LIVEUPDATE_HNDL_COMPAT_LENGTH 48
#define MEMFD_LUO_FH_COMPATIBLE "memfd-v1"

struct kho_vmalloc {
	u64 first;
	u32 total_pages;
	u16 flags;
	u16 order;
};

struct luo_file_ser {
	char compatible[LIVEUPDATE_HNDL_COMPAT_LENGTH];
	u64 data;
	u64 token;
} __attribute__((packed));

struct memfd_luo_ser {
	u64 pos;
	u64 size;
	u64 nr_folios;
	struct kho_vmalloc folios;
} __attribute__((packed));

/* The bit-field word is also named as a whole, so that offsetof can see it. */
struct memfd_luo_folio_ser {
	union {
		u64 pfn_flags;
		struct {
			u64 pfn:52;
			u64 flags:12;
		};
	};
	u64 index;
} __attribute__((packed));

static void print_kho_vmalloc(void)
{
	STRUCT(kho_vmalloc);
	FIELD(kho_vmalloc, first);
	FIELD(kho_vmalloc, total_pages);
	FIELD(kho_vmalloc, flags);
	FIELD(kho_vmalloc, order);
}

static void print_luo_file(void)
{
	NUMBER(LIVEUPDATE_HNDL_COMPAT_LENGTH);
	TEXT(MEMFD_LUO_FH_COMPATIBLE);
	STRUCT(luo_file_ser);
	FIELD(luo_file_ser, compatible);
	FIELD(luo_file_ser, data);
	FIELD(luo_file_ser, token);
	STRUCT(memfd_luo_ser);
	FIELD(memfd_luo_ser, pos);
	FIELD(memfd_luo_ser, size);
	FIELD(memfd_luo_ser, nr_folios);
	FIELD(memfd_luo_ser, folios);
	FIELD(memfd_luo_ser, folios.first);
	FIELD(memfd_luo_ser, folios.total_pages);
	FIELD(memfd_luo_ser, folios.flags);
	FIELD(memfd_luo_ser, folios.order);
	STRUCT(memfd_luo_folio_ser);
	FIELD(memfd_luo_folio_ser, pfn_flags);
	FIELD(memfd_luo_folio_ser, index);
}
#endif
