/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The session entry from v6.19 on (abi-reference 2.1, 2.3): name[64] and the embedded file set,
 * 80 bytes, unchanged in luo-v5 (where file_set_ser.files heads a kho_block chain).
 */
#ifndef KHOEMU_ABI_LUO_SESSION_V2_H
#define KHOEMU_ABI_LUO_SESSION_V2_H
#include "types.h"

#define LIVEUPDATE_SESSION_NAME_LENGTH 64

struct luo_file_set_ser {
	u64 files;
	u64 count;
} __attribute__((packed));

struct luo_session_ser {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	struct luo_file_set_ser file_set_ser;
} __attribute__((packed));

static void print_luo_session_v2(void)
{
	NUMBER(LIVEUPDATE_SESSION_NAME_LENGTH);
	STRUCT(luo_file_set_ser);
	FIELD(luo_file_set_ser, files);
	FIELD(luo_file_set_ser, count);
	STRUCT(luo_session_ser);
	FIELD(luo_session_ser, name);
	FIELD(luo_session_ser, file_set_ser);
	FIELD(luo_session_ser, file_set_ser.files);
	FIELD(luo_session_ser, file_set_ser.count);
}
#endif
