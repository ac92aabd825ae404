// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.KhoPopulateChecks;
import org.khoemu.kernel.kho.KhoRootFdt;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoSerRoot;
import org.khoemu.kernel.luo.abi.luov5.LuoV5;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A handover decoded from RAM alone, without booting: boot_params and its setup_data chain, the
 * KHO root FDT and its sub-blobs, the preserved-memory map, then the LUO state: the LUO FDT and
 * the session block (seed-v6, its name64 variant or v6.19, recognised from the
 * {@code luo-session} compatible), or luo-v5's raw {@code luo_ser} blob ({@code ser}, with
 * {@code luo} null) and its block chains.
 * This is the chain the next kernel follows; every step is bounds-checked.
 */
public record HandoverInspection(BootChain boot, FdtBlob kho, KhoGeneration khoGeneration, long memMapPa,
                                 KhoMemMapSummary memMap,
                                 List<Subtree> subtrees, FdtBlob luo, long liveupdateNumber, long sessionBlockPa,
                                 LuoSessionBlock sessions, LuoSerImage ser) {
    /**
     * One child of the KHO root FDT: its name, the physical address its {@code fdt} /
     * {@code preserved-data} gives, and its {@code blob-size} (0 before kho-v3).
     */
    public record Subtree(String name, long pa, long size) {
        public Subtree(String name, long pa) {
            this(name, pa, 0);
        }
    }

    /** Where the LUO state starts: the LUO FDT, or luo-v5's luo_ser blob. */
    public long luoPa() {
        return luo != null ? luo.pa() : ser.pa();
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
        KhoGeneration gen = KhoGenerations.of(kho.fdt());
        // an unknown compatible: kernel B (of the hinted profile's generation) refuses it
        KhoPopulateChecks.Refusal root = KhoPopulateChecks.rootFdt(kho.pa(), kho.fdt(),
                gen != null ? gen : KhoGenerations.byName(hint != null ? hint.khoGeneration() : "kho-v1"));
        if (root != null && preserved == null) {
            throw ImageFormatException.at("KHO FDT", kho.pa(), "kernel B would refuse this handover: "
                    + KernelBRefusals.KHO + root.logMessage());
        }
        long memMapPa = kho.rawU64(0, "/", KhoRootFdt.PROP_PRESERVED_MEMORY_MAP);
        KhoMemMapSummary map = KhoMemMapSummary.walk(r, gen, memMapPa);
        List<Subtree> subs = new ArrayList<>();
        Subtree luoChild = null;
        for (var child : kho.children().entrySet()) {
            String name = child.getKey();
            long pa = KhoRootGeneration.address(kho, gen, child.getValue(), name);
            Subtree st = new Subtree(name, pa, KhoRootGeneration.size(kho, gen, child.getValue(), name));
            subs.add(st);
            if (name.equals(SeedV6.LUO_FDT_KHO_ENTRY_NAME)) {
                luoChild = st;
            }
        }
        FieldReader.require(luoChild != null && luoChild.pa() != 0, "KHO FDT node /" + SeedV6.LUO_FDT_KHO_ENTRY_NAME,
                kho.pa(), "missing");
        long luoPa = luoChild.pa();
        r.checkRange(luoPa, 4, "LUO blob");
        if (Integer.reverseBytes(r.mem().read32(luoPa)) != FdtBlob.FDT_MAGIC) {
            return decodeSer(r, boot, kho, gen, memMapPa, map, subs, luoChild, preserved, hint);
        }
        FdtBlob luo = FdtBlob.read(r, "LUO FDT", luoPa, SeedV6.LUO_FDT_SIZE);
        luo.requireCompatible(0, "/", SeedV6.LUO_FDT_COMPATIBLE);
        long number = luo.rawU64(0, "/", SeedV6.LUO_FDT_LIVEUPDATE_NUM);
        String sessionPath = "/" + SeedV6.LUO_FDT_SESSION_NODE_NAME;
        int sn = luo.node(sessionPath);
        String compat = luo.string(sn, sessionPath, "compatible");
        SessionLayout layout = SessionLayout.forCompatible(compat, hint);
        FieldReader.require(layout != null && layout.profile().serRoot() == null, "LUO FDT " + sessionPath + " compatible",
                luo.pa(),
                "\"%s\", expected one of %s", compat, SessionLayout.known());
        long blockPa = luo.rawU64(sn, sessionPath, layout.profile().sessionHeaderProperty());
        LuoSessionBlock sessions = LuoSessionBlock.decode(r, layout, blockPa, preserved != null ? preserved : map.blocks());
        return new HandoverInspection(boot, kho, gen, memMapPa, map, List.copyOf(subs), luo, number, blockPa, sessions,
                null);
    }

    /**
     * luo-v5: the {@code LUO} child is a raw {@code luo_ser} blob, checked as kernel B's early
     * init checks it (blob-size, compatible: a refusal there is its panic), then the chains.
     */
    private static HandoverInspection decodeSer(FieldReader r, BootChain boot, FdtBlob kho, KhoGeneration gen,
                                                long memMapPa, KhoMemMapSummary map, List<Subtree> subs,
                                                Subtree child, Map<Long, Integer> preserved, LuoAbiProfile hint) {
        LuoAbiProfile p = hint != null && hint.serRoot() != null ? hint : LuoAbiProfiles.byName(LuoV5.NAME);
        LuoSerRoot.Incoming in;
        try {
            in = p.serRoot().read(r.mem(), child.pa(), child.size());
        } catch (LuoSerRoot.Invalid e) {
            throw ImageFormatException.at("LUO blob", child.pa(), "kernel B would refuse this handover (panic): luo: "
                    + e.getMessage());
        }
        LuoSerImage ser = new LuoSerImage(child.pa(), child.size(), p.serRoot().compatible(), in.liveupdateNumber(),
                in.sessionsPa(), in.flbsPa());
        LuoSessionBlock sessions = LuoSessionBlock.decodeChain(r, SessionLayout.of(p), in.sessionsPa(),
                preserved != null ? preserved : map.blocks());
        return new HandoverInspection(boot, kho, gen, memMapPa, map, List.copyOf(subs), null, in.liveupdateNumber(),
                in.sessionsPa(), sessions, ser);
    }
}
