// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.MachineCheck;
import org.khoemu.kernel.port.PurgatoryParams;

import java.util.HexFormat;

/** Turns a guest failure hypercall (code and arguments) into one sentence. */
final class GuestErrors {
    private GuestErrors() {
    }

    static String describe(PhysicalMemory mem, long code, long a1, long a2, long a3) {
        if (code == GuestAbi.ERR_RELOC_NO_DEST) {
            return String.format("relocation: IND_SOURCE entry 0x%x at %s comes before any IND_DESTINATION",
                    a1, RelocationFault.slot(a2));
        }
        if (code == GuestAbi.ERR_RELOC_BAD_FLAGS) {
            return String.format("relocation: kimage entry 0x%x at %s has flags 0x%x, not exactly one of "
                    + "IND_DESTINATION (1), IND_INDIRECTION (2), IND_DONE (4), IND_SOURCE (8)",
                    a1, RelocationFault.slot(a2), a1 & 0xfff);
        }
        if (code == GuestAbi.ERR_PURG_REGION_MISMATCH) {
            return String.format("purgatory: SHA-256 mismatch over region %d (0x%x+0x%x)", a1, a2, a3);
        }
        if (code == GuestAbi.ERR_PURG_SHA_MISMATCH) {
            return overallMismatch(mem, a1, a2);
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
        if (code == GuestAbi.ERR_ENTRY_FDT_SIZE) {
            return String.format("entry: kho_data.fdt_size 0x%x is smaller than the totalsize 0x%x of the KHO FDT at 0x%x",
                    a2, a3, a1);
        }
        if (code == GuestAbi.ERR_ENTRY_SCRATCH_ADDR) {
            return String.format("entry: kho_data in setup_data 0x%x has scratch_addr 0, which the next kernel takes "
                    + "for no KHO (scratch_size 0x%x)", a1, a2);
        }
        if (code == GuestAbi.ERR_ENTRY_SCRATCH_SIZE) {
            return String.format("entry: kho_data.scratch_size 0x%x (scratch_addr 0x%x) is %s", a2, a1,
                    a2 == 0 ? "zero" : "not a multiple of sizeof(struct kho_scratch) = 16");
        }
        return String.format("guest reported unknown error 0x%x (0x%x, 0x%x, 0x%x)", code, a1, a2, a3);
    }

    /**
     * Every region matched its own digest but the stream of all of them did not match the
     * expected digest: the bytes are what the loader hashed, so the expected digest is wrong.
     */
    private static String overallMismatch(PhysicalMemory mem, long nr, long block) {
        String head = "purgatory: " + (nr == 1 ? "region 0 matches its own SHA-256"
                : String.format("all %d regions match their own SHA-256", nr)) + ", but the overall SHA-256 ";
        String tail = String.format(" in the parameter block at 0x%x, so the expected digest itself is wrong", block);
        try {
            int max = mem.read32(block + PurgatoryBlock.OFF_MAX_REGIONS);
            HexFormat hex = HexFormat.of();
            return head + String.format("%s differs from the expected %s",
                    hex.formatHex(mem.read(block + PurgatoryBlock.offComputed(max), PurgatoryParams.SHA256_SIZE)),
                    hex.formatHex(mem.read(block + PurgatoryBlock.OFF_SHA256, PurgatoryParams.SHA256_SIZE))) + tail;
        } catch (MachineCheck e) {
            return head + "differs from the expected one (unreadable)" + tail;
        }
    }
}
