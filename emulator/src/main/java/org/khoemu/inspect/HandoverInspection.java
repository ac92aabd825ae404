// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoPopulateChecks;
import org.khoemu.kernel.kho.KhoRootFdt;
import org.khoemu.kernel.kho.v1.KhoV1MemMap;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A handover decoded from RAM alone, without booting: boot_params and its setup_data chain, the
 * KHO root FDT and its sub-blobs, the preserved-memory map, the LUO FDT and the session block
 * (seed-v6 or v6.19 layout, recognised from the {@code luo-session} compatible).
 * This is the chain the next kernel follows; every step is bounds-checked.
 */
public record HandoverInspection(BootChain boot, FdtBlob kho, long memMapPa, KhoMemMapSummary memMap,
                                 List<Subtree> subtrees, FdtBlob luo, long liveupdateNumber, long sessionBlockPa,
                                 LuoSessionBlock sessions) {
    /** One child of the KHO root FDT: its name and the physical address its {@code fdt} gives. */
    public record Subtree(String name, long pa) {
    }

    public static HandoverInspection decode(PhysMem mem, long bootParamsPa) {
        return decode(mem, bootParamsPa, LuoAbiProfiles.DEFAULT);
    }

    /** {@code hint}: the profile to read the session block with when its compatible fits. */
    public static HandoverInspection decode(PhysMem mem, long bootParamsPa, LuoAbiProfile hint) {
        FieldReader r = new FieldReader(mem);
        BootChain boot = BootChain.decode(r, bootParamsPa);
        return decode(r, boot, boot.khoData().fdtAddr(), boot.khoData().fdtSize(), null, hint);
    }

    /**
     * The handover as the outgoing kernel holds it before {@code machine_kexec}: from its KHO root
     * FDT at {@code khoFdtPa}, without boot_params ({@link #boot} is null: the boot_params
     * segment is not relocated yet), with {@code preserved} (pa to order, the blocks the kernel
     * tracks) standing for a memory map that {@code kho_finalize} may not have written yet.
     */
    public static HandoverInspection decodeOutgoing(PhysMem mem, long khoFdtPa, long khoFdtSize,
                                                    Map<Long, Integer> preserved, LuoAbiProfile hint) {
        return decode(new FieldReader(mem), null, khoFdtPa, khoFdtSize, preserved, hint);
    }

    private static HandoverInspection decode(FieldReader r, BootChain boot, long khoFdtPa, long khoFdtSize,
                                             Map<Long, Integer> preserved, LuoAbiProfile hint) {
        FdtBlob kho = FdtBlob.read(r, "KHO FDT", khoFdtPa, khoFdtSize);
        KhoPopulateChecks.Refusal root = KhoPopulateChecks.rootFdt(kho.pa(), kho.fdt(), new KhoV1MemMap());
        if (root != null && preserved == null) {
            throw ImageFormatException.at("KHO FDT", kho.pa(), "kernel B would refuse this handover: "
                    + KernelBRefusals.KHO + root.logMessage());
        }
        long memMapPa = kho.rawU64(0, "/", KhoRootFdt.PROP_PRESERVED_MEMORY_MAP);
        KhoMemMapSummary map = KhoMemMapSummary.walk(r, memMapPa);
        List<Subtree> subs = new ArrayList<>();
        long luoPa = 0;
        for (var child : kho.children().entrySet()) {
            String name = child.getKey();
            long pa = kho.rawU64(child.getValue(), "/" + name, KhoV1MemMap.PROP_SUB_FDT);
            subs.add(new Subtree(name, pa));
            if (name.equals(SeedV6.LUO_FDT_KHO_ENTRY_NAME)) {
                luoPa = pa;
            }
        }
        FieldReader.require(luoPa != 0, "KHO FDT node /" + SeedV6.LUO_FDT_KHO_ENTRY_NAME, kho.pa(), "missing");
        FdtBlob luo = FdtBlob.read(r, "LUO FDT", luoPa, SeedV6.LUO_FDT_SIZE);
        luo.requireCompatible(0, "/", SeedV6.LUO_FDT_COMPATIBLE);
        long number = luo.rawU64(0, "/", SeedV6.LUO_FDT_LIVEUPDATE_NUM);
        String sessionPath = "/" + SeedV6.LUO_FDT_SESSION_NODE_NAME;
        int sn = luo.node(sessionPath);
        String compat = luo.string(sn, sessionPath, "compatible");
        SessionLayout layout = SessionLayout.forCompatible(compat, hint);
        FieldReader.require(layout != null, "LUO FDT " + sessionPath + " compatible", luo.pa(),
                "\"%s\", expected one of %s", compat, SessionLayout.known());
        long blockPa = luo.rawU64(sn, sessionPath, layout.profile().sessionHeaderProperty());
        LuoSessionBlock sessions = LuoSessionBlock.decode(r, layout, blockPa, preserved != null ? preserved : map.blocks());
        return new HandoverInspection(boot, kho, memMapPa, map, List.copyOf(subs), luo, number, blockPa, sessions);
    }
}
