// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Placement oracle for the kho-v2+ preserved-memory radix tree, written from the table in
 * abi-reference 3.3 alone (not from any kernel source):
 *
 *   key = (1 << (52 - order)) | (pa >> (12 + order))
 *   key bits [14:0]  -> bit of the leaf bitmap (32768 bits)
 *            [23:15] -> slot in the level-1 node
 *            [32:24] -> level 2, [41:33] -> level 3, [50:42] -> level 4,
 *            [59:51] -> level 5 (the root); bits [63:60] are always 0.
 *
 * stdin: one block per line, "<pa in hex> <order in decimal>".
 * stdout: per block, "key=<hex> l5=<n> l4=<n> l3=<n> l2=<n> l1=<n> bit=<n>".
 * Exits 2 on a line it cannot read or an order outside 0..52.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

/* The bits hi..lo of v, shifted down. */
static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
	uint64_t width = hi - lo + 1;
	return (v >> lo) & ((UINT64_C(1) << width) - 1);
}

int main(void)
{
	uint64_t pa;
	unsigned order;
	int n;

	while ((n = scanf("%" SCNx64 " %u", &pa, &order)) == 2) {
		if (order > 52) {
			fprintf(stderr, "order %u out of range\n", order);
			return 2;
		}
		uint64_t key = (UINT64_C(1) << (52 - order)) | (pa >> (12 + order));

		if (bits(key, 63, 60) != 0) {
			fprintf(stderr, "key 0x%" PRIx64 " uses bits 63:60\n", key);
			return 2;
		}
		printf("key=%" PRIx64 " l5=%" PRIu64 " l4=%" PRIu64 " l3=%" PRIu64 " l2=%" PRIu64
		       " l1=%" PRIu64 " bit=%" PRIu64 "\n", key,
		       bits(key, 59, 51), bits(key, 50, 42), bits(key, 41, 33),
		       bits(key, 32, 24), bits(key, 23, 15), bits(key, 14, 0));
	}
	if (n != EOF) {
		fprintf(stderr, "unreadable input line\n");
		return 2;
	}
	return 0;
}
