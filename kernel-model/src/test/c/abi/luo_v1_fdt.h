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
#define LUO_FILE_PGCNT 2


#define LUO_FILE_MAX ((LUO_FILE_PGCNT * PAGE_SIZE) / sizeof(struct luo_file_ser))



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
	NUMBER(LUO_FILE_PGCNT);
	NUMBER(LUO_FILE_MAX);
	print_luo_file();
	NUMBER(LUO_SESSION_MAX);
	print_kho_v1();
}
#endif
