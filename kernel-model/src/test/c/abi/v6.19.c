/* SPDX-License-Identifier: GPL-2.0-or-later */
/* v6.19 (abi-reference 2.1): 8-byte header, 80-byte entries with name[64] and the file set embedded. */
#include "types.h"

#define LUO_FDT_SESSION_COMPATIBLE "luo-session-v2"
#define LIVEUPDATE_SESSION_NAME_LENGTH 64

struct luo_session_header_ser {
	u64 count;
} __attribute__((packed));

struct luo_file_set_ser {
	u64 files;
	u64 count;
} __attribute__((packed));

struct luo_session_ser {
	char name[LIVEUPDATE_SESSION_NAME_LENGTH];
	struct luo_file_set_ser file_set_ser;
} __attribute__((packed));

#include "luo_v1_fdt.h"

int main(void)
{
	TEXT(LUO_FDT_SESSION_COMPATIBLE);
	NUMBER(LIVEUPDATE_SESSION_NAME_LENGTH);
	STRUCT(luo_session_header_ser);
	FIELD(luo_session_header_ser, count);
	STRUCT(luo_file_set_ser);
	FIELD(luo_file_set_ser, files);
	FIELD(luo_file_set_ser, count);
	STRUCT(luo_session_ser);
	FIELD(luo_session_ser, name);
	FIELD(luo_session_ser, file_set_ser);
	FIELD(luo_session_ser, file_set_ser.files);
	FIELD(luo_session_ser, file_set_ser.count);
	print_luo_v1_fdt();
	return 0;
}
