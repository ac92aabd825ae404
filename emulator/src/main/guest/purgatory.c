// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Purgatory: hash the loaded segments, compare with the digest the loader stored, then enter
 * the next kernel with RSI = boot_params. The host patches the parameter block (found by its
 * magic) into a copy of this blob; see README.md for the layout.
 */
#include "hypercall.h"
#include "sha256.h"

#define PURGATORY_MAGIC 0x47525550454f484bUL /* "KHOEPURG" little-endian */
#define MAX_REGIONS 16

struct sha_region {
    u64 start;
    u64 len;
};

struct purgatory_params {
    u64 magic;
    u64 kernel_entry;
    u64 boot_params;
    u32 nr_regions;
    u32 max_regions;
    u8 sha256[32];
    struct sha_region regions[MAX_REGIONS];
    u8 computed[32];        /* written by purgatory: the digest it computed */
};

/* The host side (org.khoemu.emu.PurgatoryBlock) uses these offsets. */
_Static_assert(__builtin_offsetof(struct purgatory_params, kernel_entry) == 8, "kernel_entry");
_Static_assert(__builtin_offsetof(struct purgatory_params, boot_params) == 16, "boot_params");
_Static_assert(__builtin_offsetof(struct purgatory_params, nr_regions) == 24, "nr_regions");
_Static_assert(__builtin_offsetof(struct purgatory_params, max_regions) == 28, "max_regions");
_Static_assert(__builtin_offsetof(struct purgatory_params, sha256) == 32, "sha256");
_Static_assert(__builtin_offsetof(struct purgatory_params, regions) == 64, "regions");
_Static_assert(__builtin_offsetof(struct purgatory_params, computed) == 64 + 16 * MAX_REGIONS, "computed");

__attribute__((used, aligned(16), section(".data.params")))
struct purgatory_params purgatory_params = {
    .magic = PURGATORY_MAGIC,
    .max_regions = MAX_REGIONS,
};

void guest_main(u64 unused)
{
    struct purgatory_params *p = &purgatory_params;
    struct sha256_ctx ctx;
    (void)unused;

    if (p->nr_regions > MAX_REGIONS)
        guest_fail(ERR_PURG_BAD_PARAMS, p->nr_regions, MAX_REGIONS, 0);
    sha256_init(&ctx);
    for (u32 i = 0; i < p->nr_regions; i++)
        sha256_update(&ctx, (const u8 *)p->regions[i].start, p->regions[i].len);
    sha256_final(&ctx, p->computed);
    for (int i = 0; i < 32; i++)
        if (p->computed[i] != p->sha256[i])
            guest_fail(ERR_PURG_SHA_MISMATCH, p->nr_regions, (u64)p, 0);

    __asm__ volatile("jmp *%0" : : "r"(p->kernel_entry), "S"(p->boot_params) : "memory");
    __builtin_unreachable();
}
