/* SPDX-License-Identifier: GPL-2.0-or-later */
/* v6.19 (abi-reference 2.1): 8-byte header, 80-byte entries with name[64] and the file set embedded. */
#include "types.h"
#include "luo_session_v2.h"

#define LUO_FDT_SESSION_COMPATIBLE "luo-session-v2"

struct luo_session_header_ser {
	u64 count;
} __attribute__((packed));

#include "luo_v1_fdt.h"

int main(void)
{
	TEXT(LUO_FDT_SESSION_COMPATIBLE);
	STRUCT(luo_session_header_ser);
	FIELD(luo_session_header_ser, count);
	print_luo_session_v2();
	print_luo_v1_fdt();
	return 0;
}
