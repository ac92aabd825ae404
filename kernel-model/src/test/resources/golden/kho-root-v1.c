// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Generator of kho-root-v1.page: the whole 4 KiB KHO root FDT page as the seed-era kernel
 * leaves it (kho-v1, in-place editing introduced by torvalds/linux 8e068a286aef "kho: update
 * FDT dynamically for subtree addition/removal"), written here with the C libfdt API in the
 * order the kernel calls it. Independent of the Java model on purpose: it is the oracle.
 *
 *   kho_init:          page zeroed (kho_alloc_preserve), then the sequential writer builds
 *                      "/" with compatible = "kho-v1" and preserved-memory-map = 0
 *   kho_add_subtree:   open_into(page, page, 4096), add_subnode(root, name),
 *                      setprop(node, "fdt", raw u64), pack   -- for "LUO" then "kho_test"
 *   kho_finalize:      the 8 value bytes of preserved-memory-map overwritten in place
 *                      (fdt_getprop_w, no open_into / pack)
 *
 *   kho_remove_subtree: (only with the argument "remove", giving kho-root-v1-removed.page)
 *                      open_into, the first child in blob order whose "fdt" equals 0x1000
 *                      is deleted, pack
 *
 * Rebuild: gcc kho-root-v1.c -lfdt -o gen && ./gen > kho-root-v1.page
 *          && ./gen remove > kho-root-v1-removed.page
 */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define PAGE 4096

static int setup(void *page)
{
	uint64_t none = 0;

	return fdt_create(page, PAGE) || fdt_finish_reservemap(page) ||
	       fdt_begin_node(page, "") ||
	       fdt_property_string(page, "compatible", "kho-v1") ||
	       fdt_property(page, "preserved-memory-map", &none, sizeof(none)) ||
	       fdt_end_node(page) || fdt_finish(page);
}

static int add(void *page, const char *name, uint64_t pa)
{
	int node, rc;

	if (fdt_open_into(page, page, PAGE) < 0)
		return 1;
	node = fdt_add_subnode(page, 0, name);
	rc = node < 0 ? node : fdt_setprop(page, node, "fdt", &pa, sizeof(pa));
	fdt_pack(page);
	return rc < 0;
}

static int remove_pa(void *page, uint64_t pa)
{
	int node, len;

	if (fdt_open_into(page, page, PAGE) < 0)
		return 1;
	for (node = fdt_first_subnode(page, 0); node >= 0; node = fdt_next_subnode(page, node)) {
		const void *v = fdt_getprop(page, node, "fdt", &len);

		if (v && len == sizeof(pa) && !memcmp(v, &pa, sizeof(pa))) {
			fdt_del_node(page, node);
			break;
		}
	}
	fdt_pack(page);
	return 0;
}

static int set_map(void *page, uint64_t map)
{
	int len;
	void *v = fdt_getprop_w(page, 0, "preserved-memory-map", &len);

	if (!v || len != sizeof(map))
		return 1;
	memcpy(v, &map, sizeof(map));
	return 0;
}

int main(int argc, char **argv)
{
	static uint64_t page[PAGE / 8];	/* zeroed and 8-byte aligned, like the kernel's page */

	if (setup(page) || add(page, "LUO", 0x1000) ||
	    add(page, "kho_test", 0x2000) || set_map(page, 0x123000))
		return 1;
	if (argc > 1 && (strcmp(argv[1], "remove") || remove_pa(page, 0x1000)))
		return 1;
	fwrite(page, 1, PAGE, stdout);
	return 0;
}
