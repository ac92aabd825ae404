// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel entry stub: what the next kernel checks before it trusts the handover. RSI on entry =
 * boot_params: its "HdrS" header, then the setup_data chain down to the SETUP_KEXEC_KHO entry,
 * whose kho_data points at the KHO FDT, whose magic must be d0 0d fe ed, and whose sizes and
 * scratch array must be what kho_populate() can use.
 */
#include "hypercall.h"

#define OFF_HEADER     0x202
#define OFF_SETUP_DATA 0x250
#define HDRS_MAGIC     0x53726448u
#define SETUP_KEXEC_KHO 10
#define KHO_DATA_SIZE  32
#define FDT_MAGIC      0xd00dfeedu
#define FDT_OFF_TOTALSIZE 4
#define KHO_SCRATCH_SIZE 16 /* struct kho_scratch { phys_addr_t addr, size; } */
#define MAX_SETUP_DATA 64 /* bound on the chain walk: a longer chain is taken for a cycle */

struct setup_data {
    u64 next;
    u32 type;
    u32 len;
    u64 data[];
};

static u32 load32(u64 pa)
{
    return *(volatile u32 *)pa;
}

/* FDT header fields are big-endian. */
static u32 load_be32(u64 pa)
{
    const volatile u8 *m = (const volatile u8 *)pa;
    return (u32)m[0] << 24 | (u32)m[1] << 16 | (u32)m[2] << 8 | m[3];
}

static u64 load64(u64 pa)
{
    return *(volatile u64 *)pa;
}

void guest_main(u64 bp)
{
    u32 hdr = load32(bp + OFF_HEADER);
    if (hdr != HDRS_MAGIC)
        guest_fail(ERR_ENTRY_BAD_HDRS, bp, hdr, 0);

    u64 sd = load64(bp + OFF_SETUP_DATA);
    u64 walked = 0;
    while (sd) {
        if (walked == MAX_SETUP_DATA)
            guest_fail(ERR_ENTRY_CHAIN_LONG, bp, MAX_SETUP_DATA, sd);
        walked++;
        const volatile struct setup_data *s = (const volatile struct setup_data *)sd;
        if (s->type == SETUP_KEXEC_KHO)
            break;
        sd = s->next;
    }
    if (!sd)
        guest_fail(ERR_ENTRY_NO_KHO, bp, walked, 0);

    const volatile struct setup_data *kho = (const volatile struct setup_data *)sd;
    if (kho->len < KHO_DATA_SIZE)
        guest_fail(ERR_ENTRY_KHO_SHORT, sd, kho->len, 0);
    u64 fdt = kho->data[0];
    u64 fdt_size = kho->data[1];
    u64 scratch_addr = kho->data[2];
    u64 scratch_size = kho->data[3];
    u32 magic = load_be32(fdt);
    if (magic != FDT_MAGIC)
        guest_fail(ERR_ENTRY_BAD_FDT, fdt, magic, 0);
    /*
     * kho_populate() maps exactly fdt_size bytes of the FDT: zero fails the mapping, and less
     * than the header's totalsize leaves part of the tree outside what the kernel mapped.
     */
    u32 totalsize = load_be32(fdt + FDT_OFF_TOTALSIZE);
    if (fdt_size == 0 || fdt_size < totalsize)
        guest_fail(ERR_ENTRY_FDT_SIZE, fdt, fdt_size, totalsize);
    /* The next kernel takes scratch_phys == 0 for "no KHO" (kho_memory_init). */
    if (scratch_addr == 0)
        guest_fail(ERR_ENTRY_SCRATCH_ADDR, sd, scratch_size, 0);
    /*
     * Mapping zero bytes fails; a size that is not a whole number of struct kho_scratch would
     * be truncated silently by the kernel, but the sender always writes count * 16, so here it
     * means the handover was damaged.
     */
    if (scratch_size == 0 || scratch_size % KHO_SCRATCH_SIZE)
        guest_fail(ERR_ENTRY_SCRATCH_SIZE, scratch_addr, scratch_size, 0);

    /* RSI (a1) keeps boot_params, as the x86 boot protocol hands it to the kernel. */
    hypercall(HC_BOOTED, bp, bp, 0, 0);
    for (;;)
        __asm__ volatile("hlt");
}
