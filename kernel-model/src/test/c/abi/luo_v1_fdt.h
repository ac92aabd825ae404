/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every luo-v1 FDT generation shares (abi-reference 1.1, 1.5, 3.8): the FDT names, the
 * file arrays and the memfd handler's structs. A profile header defines its session structs.
 */
#ifndef KHOEMU_ABI_LUO_V1_FDT_H
#define KHOEMU_ABI_LUO_V1_FDT_H
#include "kho_v1.h"

#define LUO_FDT_KHO_ENTRY_NAME "LUO"
#define LUO_FDT_SIZE PAGE_SIZE
#define LUO_FDT_COMPATIBLE "luo-v1"
#define LUO_FDT_LIVEUPDATE_NUM "liveupdate-number"
#define LUO_FDT_SESSION_NODE_NAME "luo-session"
#define LUO_FDT_SESSION_HEADER "luo-session-header"
#define LUO_SESSION_PGCNT 16
#define LIVEUPDATE_HNDL_COMPAT_LENGTH 48
#define LUO_FILE_PGCNT 2
#define MEMFD_LUO_FH_COMPATIBLE "memfd-v1"

struct luo_file_ser {
	char compatible[LIVEUPDATE_HNDL_COMPAT_LENGTH];
	u64 data;
	u64 token;
} __attribute__((packed));

#define LUO_FILE_MAX ((LUO_FILE_PGCNT * PAGE_SIZE) / sizeof(struct luo_file_ser))

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

#define LUO_SESSION_MAX \
	((LUO_SESSION_PGCNT * PAGE_SIZE - sizeof(struct luo_session_header_ser)) / sizeof(struct luo_session_ser))

static void print_luo_v1_fdt(void)
{
	TEXT(LUO_FDT_KHO_ENTRY_NAME);
	NUMBER(LUO_FDT_SIZE);
	TEXT(LUO_FDT_COMPATIBLE);
	TEXT(LUO_FDT_LIVEUPDATE_NUM);
	TEXT(LUO_FDT_SESSION_NODE_NAME);
	TEXT(LUO_FDT_SESSION_HEADER);
	NUMBER(LUO_SESSION_PGCNT);
	NUMBER(LIVEUPDATE_HNDL_COMPAT_LENGTH);
	NUMBER(LUO_FILE_PGCNT);
	NUMBER(LUO_FILE_MAX);
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
	NUMBER(LUO_SESSION_MAX);
	print_kho_v1();
}
#endif
