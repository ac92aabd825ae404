// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

/**
 * Hypercall numbers, stage ids and error codes shared with the guest programs
 * (src/main/guest/hypercall.h; keep both in sync). Register ABI: RAX = number, RDI/RSI/RDX/RCX =
 * arguments a0..a3.
 */
final class GuestAbi {
    static final long HC_STAGE = 1;
    static final long HC_BOOTED = 2;
    static final long HC_FAIL = 3;

    static final int STAGE_RELOCATION = 0;
    static final int STAGE_PURGATORY = 1;
    static final int STAGE_ENTRY = 2;

    static final long ERR_RELOC_NO_DEST = 0x301;
    static final long ERR_RELOC_BAD_FLAGS = 0x302;
    static final long ERR_PURG_SHA_MISMATCH = 0x101;
    static final long ERR_PURG_BAD_PARAMS = 0x102;
    static final long ERR_PURG_REGION_MISMATCH = 0x103;
    static final long ERR_ENTRY_BAD_HDRS = 0x201;
    static final long ERR_ENTRY_NO_KHO = 0x202;
    static final long ERR_ENTRY_CHAIN_LONG = 0x203;
    static final long ERR_ENTRY_KHO_SHORT = 0x204;
    static final long ERR_ENTRY_BAD_FDT = 0x205;
    static final long ERR_ENTRY_FDT_SIZE = 0x206;
    static final long ERR_ENTRY_SCRATCH_ADDR = 0x207;
    static final long ERR_ENTRY_SCRATCH_SIZE = 0x208;

    private GuestAbi() {
    }
}
