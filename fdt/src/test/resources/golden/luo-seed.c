// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Generator of luo-seed.dtb: the LUO FDT of seed 002 written with the C libfdt sequential-write
 * API in the seed's order (x86-64, liveupdate-number = 1, luo-session-header = 0x123456000).
 * Independent of the Java FdtWriter on purpose, so the golden bytes are an outside oracle.
 * Rebuild: gcc luo-seed.c -lfdt -o gen && ./gen > luo-seed.dtb
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	static char buf[4096];
	uint64_t number = 1, header_pa = 0x123456000ULL;	/* native (little-endian) u64s */

	if (fdt_create(buf, sizeof(buf)) || fdt_finish_reservemap(buf) ||
	    fdt_begin_node(buf, "") ||
	    fdt_property_string(buf, "compatible", "luo-v1") ||
	    fdt_property(buf, "liveupdate-number", &number, sizeof(number)) ||
	    fdt_begin_node(buf, "luo-session") ||
	    fdt_property_string(buf, "compatible", "luo-session-v1") ||
	    fdt_property(buf, "luo-session-header", &header_pa, sizeof(header_pa)) ||
	    fdt_end_node(buf) || fdt_end_node(buf) || fdt_finish(buf))
		return 1;
	fwrite(buf, 1, fdt_totalsize(buf), stdout);
	return 0;
}
