/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kho-v2+ layout facts (../abi/kho_radix.h) in the layout oracles' line format. */
#include "../abi/kho_radix.h"

int main(void)
{
	print_kho_radix();
	return 0;
}
