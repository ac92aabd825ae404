// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Purgatory: hash the loaded segments, compare with the digest the loader stored, then enter
 * the next kernel with RSI = boot_params. Only on a mismatch does it hash each region again
 * against khoemu's per-region digests, so the failure can name the region. The host patches the parameter block (found by its
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
    /* khoemu only, read only after a mismatch: each region's own SHA-256, to name the bad one */
    u8 region_sha256[MAX_REGIONS][32];
};

/* The host side (org.khoemu.emu.PurgatoryBlock) uses these offsets. */
_Static_assert(__builtin_offsetof(struct purgatory_params, kernel_entry) == 8, "kernel_entry");
_Static_assert(__builtin_offsetof(struct purgatory_params, boot_params) == 16, "boot_params");
_Static_assert(__builtin_offsetof(struct purgatory_params, nr_regions) == 24, "nr_regions");
_Static_assert(__builtin_offsetof(struct purgatory_params, max_regions) == 28, "max_regions");
_Static_assert(__builtin_offsetof(struct purgatory_params, sha256) == 32, "sha256");
_Static_assert(__builtin_offsetof(struct purgatory_params, regions) == 64, "regions");
_Static_assert(__builtin_offsetof(struct purgatory_params, computed) == 64 + 16 * MAX_REGIONS, "computed");
_Static_assert(__builtin_offsetof(struct purgatory_params, region_sha256) == 96 + 16 * MAX_REGIONS,
               "region_sha256");
_Static_assert(sizeof(struct purgatory_params) == 96 + 48 * MAX_REGIONS, "size");

__attribute__((used, aligned(16), section(".data.params")))
struct purgatory_params purgatory_params = {
    .magic = PURGATORY_MAGIC,
    .max_regions = MAX_REGIONS,
};

static int differs(const u8 *a, const u8 *b)
{
    for (int i = 0; i < 32; i++)
        if (a[i] != b[i])
            return 1;
    return 0;
}

/*
 * Only after the overall digest failed: hash each region alone and report the first one whose
 * digest differs from the loader's; if none does, the overall expected digest is what is wrong.
 */
static __attribute__((noreturn)) void report_mismatch(struct purgatory_params *p)
{
    struct sha256_ctx ctx;
    u8 one[32];

    for (u32 i = 0; i < p->nr_regions; i++) {
        sha256_init(&ctx);
        sha256_update(&ctx, (const u8 *)p->regions[i].start, p->regions[i].len);
        sha256_final(&ctx, one);
        if (differs(one, p->region_sha256[i]))
            guest_fail(ERR_PURG_REGION_MISMATCH, i, p->regions[i].start, p->regions[i].len);
    }
    guest_fail(ERR_PURG_SHA_MISMATCH, p->nr_regions, (u64)p, 0);
}

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
    if (differs(p->computed, p->sha256))
        report_mismatch(p);

    __asm__ volatile("jmp *%0" : : "r"(p->kernel_entry), "S"(p->boot_params) : "memory");
    __builtin_unreachable();
}
