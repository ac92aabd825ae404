/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The khoemu hypercall: "int $0x81" with the call number in RAX and arguments in RDI, RSI,
 * RDX, RCX. The host sees it in a UC_HOOK_INTR callback with RIP already past the instruction.
 * Numbers and error codes are mirrored in org.khoemu.emu.GuestAbi (keep both in sync).
 */
#ifndef KHOEMU_HYPERCALL_H
#define KHOEMU_HYPERCALL_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;

#define HC_STAGE  1 /* a0 = stage id, a1 = load address of the running blob; continues */
#define HC_BOOTED 2 /* a0 = a1 = boot_params (so RSI holds it); the host stops the CPU */
#define HC_FAIL   3 /* a0 = error code, a1..a3 = arguments; the host stops the CPU */

#define STAGE_RELOCATION 0
#define STAGE_PURGATORY  1
#define STAGE_ENTRY      2

/* relocate.S uses these two as literals: it includes nothing */
#define ERR_RELOC_NO_DEST      0x301 /* IND_SOURCE before any IND_DESTINATION: a1 = entry, a2 = slot
                                        (-8 for the list head) */
#define ERR_RELOC_BAD_FLAGS    0x302 /* entry flags not exactly one of 1, 2, 4, 8 (or none):
                                        a1 = entry, a2 = slot (-8 for the list head) */
#define ERR_PURG_SHA_MISMATCH  0x101 /* overall only, every region matches: a1 = number of regions,
                                        a2 = parameter block address */
#define ERR_PURG_BAD_PARAMS    0x102 /* a1 = number of regions, a2 = maximum */
#define ERR_PURG_REGION_MISMATCH 0x103 /* first region whose own digest differs: a1 = index,
                                          a2 = start, a3 = len */
#define ERR_ENTRY_BAD_HDRS     0x201 /* a1 = boot_params, a2 = value found at 0x202 */
#define ERR_ENTRY_NO_KHO       0x202 /* a1 = boot_params, a2 = setup_data entries walked */
#define ERR_ENTRY_CHAIN_LONG   0x203 /* a1 = boot_params, a2 = limit, a3 = entry where it stopped */
#define ERR_ENTRY_KHO_SHORT    0x204 /* a1 = setup_data address, a2 = its len */
#define ERR_ENTRY_BAD_FDT      0x205 /* a1 = fdt_addr, a2 = first four bytes read as big-endian */
#define ERR_ENTRY_FDT_SIZE     0x206 /* a1 = fdt_addr, a2 = fdt_size, a3 = FDT header totalsize */
#define ERR_ENTRY_SCRATCH_ADDR 0x207 /* a1 = setup_data address, a2 = scratch_size */
#define ERR_ENTRY_SCRATCH_SIZE 0x208 /* a1 = scratch_addr, a2 = scratch_size */

static inline void hypercall(u64 nr, u64 a0, u64 a1, u64 a2, u64 a3)
{
    __asm__ volatile("int $0x81" : : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "c"(a3) : "memory");
}

static inline __attribute__((noreturn)) void guest_fail(u64 code, u64 a1, u64 a2, u64 a3)
{
    hypercall(HC_FAIL, code, a1, a2, a3);
    for (;;)
        __asm__ volatile("hlt");
}

#endif
