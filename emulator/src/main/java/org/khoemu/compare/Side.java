// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.khoemu.emu.dump.LoadedHandover;
import org.khoemu.fdt.FdtHeader;
import org.khoemu.inspect.BootChain;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.FieldReader;
import org.khoemu.inspect.ImageFormatException;
import org.khoemu.inspect.KhoMemMapSummary;
import org.khoemu.inspect.KhoRootGeneration;
import org.khoemu.inspect.LuoSerImage;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.inspect.SessionLayout;
import org.khoemu.kernel.kho.KhoRootFdt;
import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoSerRoot;
import org.khoemu.kernel.luo.abi.luov5.LuoV5;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;

/**
 * One handover decoded by the inspector's own decoders, from boot_params when it has one,
 * else from its KHO FDT. A decoding error names the side ("A: ..." / "B: ...").
 */
record Side(String label, LoadedHandover h, FieldReader r, BootChain boot, FdtBlob kho, long khoSpace, long memMapPa,
            KhoMemMapSummary map, FdtBlob luo, LuoSerImage ser, SessionLayout layout, long blockPa,
            LuoSessionBlock sessions, String sessionsError) {
    /** Space read for a KHO FDT found without kho_data (which would give its size). */
    static final long KHO_FDT_SPACE = 4096;

    static Side decode(String label, LoadedHandover h) {
        FieldReader r = new FieldReader(h.machine().mem());
        try {
            BootChain boot = h.bootParams() == 0 ? null : BootChain.decode(r, h.bootParams());
            long khoPa = boot == null ? h.khoFdt() : boot.khoData().fdtAddr();
            long space = boot == null ? KHO_FDT_SPACE : boot.khoData().fdtSize();
            FdtBlob kho = FdtBlob.read(r, "KHO FDT", khoPa, space);
            KhoGeneration gen = KhoRootGeneration.of(kho);
            long memMap = kho.rawU64(0, "/", KhoRootFdt.PROP_PRESERVED_MEMORY_MAP);
            KhoMemMapSummary map = KhoMemMapSummary.walk(r, gen, memMap);
            Integer luoNode = kho.children().get(SeedV6.LUO_FDT_KHO_ENTRY_NAME);
            FieldReader.require(luoNode != null, "KHO FDT node /" + SeedV6.LUO_FDT_KHO_ENTRY_NAME, khoPa, "missing");
            long luoPa = KhoRootGeneration.address(kho, gen, luoNode, SeedV6.LUO_FDT_KHO_ENTRY_NAME);
            r.checkRange(luoPa, 4, "LUO blob");
            if (Integer.reverseBytes(r.mem().read32(luoPa)) != FdtHeader.MAGIC) {
                return decodeSer(label, h, r, boot, kho, space, memMap, map, luoPa,
                        KhoRootGeneration.size(kho, gen, luoNode, SeedV6.LUO_FDT_KHO_ENTRY_NAME));
            }
            FdtBlob luo = FdtBlob.read(r, "LUO FDT", luoPa, SeedV6.LUO_FDT_SIZE);
            String sp = "/" + SeedV6.LUO_FDT_SESSION_NODE_NAME;
            int sn = luo.node(sp);
            String compat = luo.string(sn, sp, "compatible");
            SessionLayout layout = SessionLayout.forCompatible(compat, h.profile());
            FieldReader.require(layout != null, "LUO FDT " + sp + " compatible", luoPa, "\"%s\" is of no known layout", compat);
            long block = luo.rawU64(sn, sp, layout.profile().sessionHeaderProperty());
            // a session block that cannot be followed is still compared byte for byte
            LuoSessionBlock sessions = null;
            String error = null;
            try {
                sessions = LuoSessionBlock.decode(r, layout, block, map.blocks());
            } catch (ImageFormatException e) {
                error = e.getMessage();
            }
            r.checkRange(block, (long) layout.profile().sessionBlockPages() << 12, "luo_session_header_ser");
            return new Side(label, h, r, boot, kho, space, memMap, map, luo, null, layout, block, sessions, error);
        } catch (ImageFormatException e) {
            throw new ImageFormatException(label + " (" + h.path() + "): " + e.getMessage());
        }
    }

    /**
     * luo-v5: the {@code LUO} child is a raw {@code luo_ser} blob (of the named profile, else
     * luo-v5), read as kernel B reads it; a session chain that cannot be followed leaves
     * {@code sessions} null with the reason, and only the blob is compared.
     */
    private static Side decodeSer(String label, LoadedHandover h, FieldReader r, BootChain boot, FdtBlob kho, long space,
                                  long memMap, KhoMemMapSummary map, long pa, long size) {
        LuoAbiProfile p = h.profile() != null && h.profile().serRoot() != null ? h.profile()
                : LuoAbiProfiles.byName(LuoV5.NAME);
        LuoSerRoot.Incoming in = null;
        String refused = null;
        try {
            in = p.serRoot().read(r.mem(), pa, size);
        } catch (LuoSerRoot.Invalid e) {
            refused = e.getMessage();
        }
        FieldReader.require(in != null, "LUO blob", pa, "%s", refused);
        LuoSerImage ser = new LuoSerImage(pa, size, p.serRoot().compatible(), in.liveupdateNumber(), in.sessionsPa(),
                in.flbsPa());
        SessionLayout layout = SessionLayout.of(p);
        LuoSessionBlock sessions = null;
        String error = null;
        try {
            sessions = LuoSessionBlock.decodeChain(r, layout, in.sessionsPa(), map.blocks());
        } catch (ImageFormatException e) {
            error = e.getMessage();
        }
        return new Side(label, h, r, boot, kho, space, memMap, map, null, ser, layout, in.sessionsPa(), sessions, error);
    }

    /** The session count the block's header gives, within what the block can hold. */
    long sessionCount() {
        if (sessions != null) {
            return sessions.count();
        }
        if (ser != null) {
            return 0;
        }
        long n = r.u64(blockPa + layout.headerCountOffset(), "luo_session_header_ser.count");
        return n < 0 || n > layout.profile().sessionMax() ? 0 : n;
    }

    /** {@code len} bytes at {@code pa}, bounds-checked. */
    byte[] bytes(long pa, long len, String what) {
        FieldReader.require(len >= 0 && len <= Integer.MAX_VALUE, what, pa, "%d bytes", len);
        return r.bytes(pa, (int) len, what);
    }
}
