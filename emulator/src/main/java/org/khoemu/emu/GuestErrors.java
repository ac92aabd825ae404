// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.MachineCheck;

import java.util.HexFormat;

/** Turns a guest failure hypercall (code and arguments) into one sentence. */
final class GuestErrors {
    private GuestErrors() {
    }

    static String describe(PhysicalMemory mem, long code, long a1, long a2, long a3) {
        if (code == GuestAbi.ERR_PURG_SHA_MISMATCH) {
            return shaMismatch(mem, a1, a2);
        }
        if (code == GuestAbi.ERR_PURG_BAD_PARAMS) {
            return String.format("purgatory: parameter block lists %d SHA regions, more than its maximum of %d", a1, a2);
        }
        if (code == GuestAbi.ERR_ENTRY_BAD_HDRS) {
            return String.format("entry: boot_params at 0x%x has header 0x%08x instead of \"HdrS\" (0x53726448)", a1, a2);
        }
        if (code == GuestAbi.ERR_ENTRY_NO_KHO) {
            return String.format("entry: no SETUP_KEXEC_KHO (type 10) setup_data in the chain of boot_params 0x%x "
                    + "(%d entries walked)", a1, a2);
        }
        if (code == GuestAbi.ERR_ENTRY_CHAIN_LONG) {
            return String.format("entry: setup_data chain of boot_params 0x%x is longer than %d entries (a cycle?), "
                    + "stopped at 0x%x", a1, a2, a3);
        }
        if (code == GuestAbi.ERR_ENTRY_KHO_SHORT) {
            return String.format("entry: SETUP_KEXEC_KHO setup_data at 0x%x has len %d, shorter than struct kho_data (32)",
                    a1, a2);
        }
        if (code == GuestAbi.ERR_ENTRY_BAD_FDT) {
            return String.format("entry: KHO FDT at 0x%x has magic 0x%08x instead of 0xd00dfeed", a1, a2);
        }
        return String.format("guest reported unknown error 0x%x (0x%x, 0x%x, 0x%x)", code, a1, a2, a3);
    }

    /** Names the hashed regions, read back from the parameter block purgatory used. */
    private static String shaMismatch(PhysicalMemory mem, long nr, long block) {
        StringBuilder sb = new StringBuilder("purgatory: SHA-256 mismatch over ");
        try {
            int max = mem.read32(block + PurgatoryBlock.OFF_MAX_REGIONS);
            sb.append(nr == 1 ? "region 0 (" : nr + " regions (");
            for (int i = 0; i < nr && i < max; i++) {
                long r = block + PurgatoryBlock.OFF_REGIONS + (long) i * PurgatoryBlock.REGION_SIZE;
                sb.append(i == 0 ? "" : ", ").append(String.format("0x%x+0x%x", mem.read64(r), mem.read64(r + 8)));
            }
            HexFormat hex = HexFormat.of();
            sb.append("): computed ")
                    .append(hex.formatHex(mem.read(block + PurgatoryBlock.offComputed(max), 8)))
                    .append("..., expected ")
                    .append(hex.formatHex(mem.read(block + PurgatoryBlock.OFF_SHA256, 8)))
                    .append("...");
        } catch (MachineCheck e) {
            sb.append(nr).append(" regions (parameter block at 0x").append(Long.toHexString(block))
                    .append(" unreadable)");
        }
        return sb.toString();
    }
}
