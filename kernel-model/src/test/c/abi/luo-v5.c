/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * luo-v5 on kho-v4 (abi-reference 2.3, 2.4): the raw struct luo_ser blob, kho_block chains of
 * sessions and files. Written from the reference's tables, not from kernel headers.
 */
#include "types.h"
#include "luo_session_v2.h"
#include "kho_radix.h"
#include "luo_file.h"

#define LUO_KHO_ENTRY_NAME "LUO"
#define LUO_ABI_COMPATIBLE "luo-v5"
#define LUO_ABI_COMPAT_LEN ((sizeof(LUO_ABI_COMPATIBLE) + 7) & ~7UL)
#define KHO_FDT_COMPATIBLE "kho-v4"
#define KHO_BLOCK_SIZE PAGE_SIZE
#define KHO_MAX_BLOCKS 10000

struct luo_ser {
	char compatible[LUO_ABI_COMPAT_LEN];
	u64 liveupdate_num;
	u64 sessions_pa;
	u64 flbs_pa;
} __attribute__((packed));

struct kho_block_header_ser {
	u64 next;
	u64 count;
} __attribute__((packed));

/* count_per_block of each chain; the names are khoemu's. */
#define LUO_SESSIONS_PER_BLOCK \
	((KHO_BLOCK_SIZE - sizeof(struct kho_block_header_ser)) / sizeof(struct luo_session_ser))
#define LUO_FILES_PER_BLOCK \
	((KHO_BLOCK_SIZE - sizeof(struct kho_block_header_ser)) / sizeof(struct luo_file_ser))
#define LUO_SESSION_MAX (KHO_MAX_BLOCKS * LUO_SESSIONS_PER_BLOCK)
#define LUO_FILE_MAX (KHO_MAX_BLOCKS * LUO_FILES_PER_BLOCK)

int main(void)
{
	TEXT(LUO_KHO_ENTRY_NAME);
	TEXT(LUO_ABI_COMPATIBLE);
	NUMBER(LUO_ABI_COMPAT_LEN);
	TEXT(KHO_FDT_COMPATIBLE);
	NUMBER(KHO_BLOCK_SIZE);
	NUMBER(KHO_MAX_BLOCKS);
	NUMBER(LUO_SESSIONS_PER_BLOCK);
	NUMBER(LUO_FILES_PER_BLOCK);
	NUMBER(LUO_SESSION_MAX);
	NUMBER(LUO_FILE_MAX);
	STRUCT(luo_ser);
	FIELD(luo_ser, compatible);
	FIELD(luo_ser, liveupdate_num);
	FIELD(luo_ser, sessions_pa);
	FIELD(luo_ser, flbs_pa);
	STRUCT(kho_block_header_ser);
	FIELD(kho_block_header_ser, next);
	FIELD(kho_block_header_ser, count);
	print_luo_session_v2();
	print_luo_file();
	print_kho_vmalloc();
	print_kho_radix();
	return 0;
}
