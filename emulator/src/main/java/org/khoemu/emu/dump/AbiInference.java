// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.fdt.FdtHeader;
import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.ImageFormatException;
import org.khoemu.inspect.SessionLayout;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;

/**
 * The LUO ABI generation of a handover, told by the compatible string of the LUO FDT's session
 * node ({@code luo-session-v1}: seed-v6, {@code luo-session-v2}: v6.19), found by following the
 * chain from boot_params (or from the KHO FDT) as the next kernel would. Only the FDTs are read,
 * not the session block: a damaged block is for kernel B or the inspector to judge.
 */
public final class AbiInference {
    /** A profile, or why none was found. */
    public record Result(LuoAbiProfile profile, String compatible, String problem) {
    }

    private AbiInference() {
    }

    /**
     * luo-v3 and later: the {@code LUO} child's {@code preserved-data} points at a raw
     * {@code luo_ser} whose first field is the compatible; null when the child is not such a blob.
     */
    private static Result serBlob(PhysMem mem, long bootParams, long khoFdt) {
        FdtBlob kho = HandoverFdts.kho(mem, bootParams, khoFdt);
        Integer node = kho.children().get(SeedV6.LUO_FDT_KHO_ENTRY_NAME);
        if (node == null || kho.fdt().getprop(node, KhoGeneration.PROP_PRESERVED_DATA) == null) {
            return null;
        }
        long pa = kho.rawU64(node, "/" + SeedV6.LUO_FDT_KHO_ENTRY_NAME, KhoGeneration.PROP_PRESERVED_DATA);
        if (pa < 0 || pa > mem.size() - 8 || Integer.reverseBytes(mem.read32(pa)) == FdtHeader.MAGIC) {
            return null;
        }
        String compat = CString.decode(mem.read(pa, 8), 0, 8);
        for (LuoAbiProfile p : LuoAbiProfiles.all()) {
            if (p.serRoot() != null && p.serRoot().compatible().equals(compat)) {
                return new Result(p, compat, null);
            }
        }
        return new Result(null, compat, "luo_ser compatible \"" + compat + "\" is of no known profile");
    }

    /** From the boot_params at {@code bootParams}, or the KHO FDT at {@code khoFdt} when it is 0. */
    public static Result infer(PhysMem mem, long bootParams, long khoFdt) {
        try {
            Result ser = serBlob(mem, bootParams, khoFdt);
            if (ser != null) {
                return ser;
            }
            FdtBlob luo = HandoverFdts.luo(mem, bootParams, khoFdt);
            String path = "/" + SeedV6.LUO_FDT_SESSION_NODE_NAME;
            String compat = luo.string(luo.node(path), path, "compatible");
            // the first profile of a compatible string: one that did not bump it needs --abi
            SessionLayout l = SessionLayout.bySessionCompatible(compat);
            return l == null ? new Result(null, compat, "session compatible \"" + compat + "\" is of no known profile")
                    : new Result(l.profile(), compat, null);
        } catch (ImageFormatException e) {
            return new Result(null, null, e.getMessage());
        }
    }
}
