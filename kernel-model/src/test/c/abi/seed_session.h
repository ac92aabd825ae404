/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The seed's session block (abi-reference 1.4): 16-byte {pgcnt, count} header and entries of
 * name[LIVEUPDATE_SESSION_NAME_LENGTH], files, pgcnt, count. The includer sets the name length.
 */
#include "types.h"

#define LUO_FDT_SESSION_COMPATIBLE "luo-session-v1"

struct luo_session_header_ser {
	u64 pgcnt;
	u64 count;
} __attribute__((packed));

struct luo_session_ser {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	u64 files;
	u64 pgcnt;
	u64 count;
} __attribute__((packed));

#include "luo_v1_fdt.h"

int main(void)
{
	TEXT(LUO_FDT_SESSION_COMPATIBLE);
	NUMBER(LIVEUPDATE_SESSION_NAME_LENGTH);
	STRUCT(luo_session_header_ser);
	FIELD(luo_session_header_ser, pgcnt);
	FIELD(luo_session_header_ser, count);
	STRUCT(luo_session_ser);
	FIELD(luo_session_ser, name);
	FIELD(luo_session_ser, files);
	FIELD(luo_session_ser, pgcnt);
	FIELD(luo_session_ser, count);
	print_luo_v1_fdt();
	return 0;
}
