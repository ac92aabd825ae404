// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.inspect.BootChain;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.FieldReader;
import org.khoemu.inspect.KhoRootGeneration;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;

/**
 * The two device trees of a handover read out of its RAM, as the next kernel finds them: the
 * KHO FDT from {@code kho_data} (or at the address given when boot_params is gone) and the LUO
 * FDT from the KHO FDT's {@code LUO} node (its address property named as the KHO FDT's
 * generation names it). Totalsize is bounds-checked before libfdt sees a byte.
 */
public final class HandoverFdts {
    /** Largest KHO FDT read when no kho_data gives its size. */
    static final long KHO_FDT_MAX = 1 << 20;

    private HandoverFdts() {
    }

    public static FdtBlob kho(LoadedHandover h) {
        return kho(h.machine().mem(), h.bootParams(), h.khoFdt());
    }

    public static FdtBlob luo(LoadedHandover h) {
        return luo(h.machine().mem(), h.bootParams(), h.khoFdt());
    }

    /** From the boot_params at {@code bootParams}, or the KHO FDT at {@code khoFdt} when it is 0. */
    public static FdtBlob kho(PhysMem mem, long bootParams, long khoFdt) {
        FieldReader r = new FieldReader(mem);
        if (bootParams == 0) {
            return FdtBlob.read(r, "KHO FDT", khoFdt, KHO_FDT_MAX);
        }
        BootChain b = BootChain.decode(r, bootParams);
        return FdtBlob.read(r, "KHO FDT", b.khoData().fdtAddr(), b.khoData().fdtSize());
    }

    public static FdtBlob luo(PhysMem mem, long bootParams, long khoFdt) {
        FdtBlob kho = kho(mem, bootParams, khoFdt);
        Integer node = kho.children().get(SeedV6.LUO_FDT_KHO_ENTRY_NAME);
        FieldReader.require(node != null, "KHO FDT node /" + SeedV6.LUO_FDT_KHO_ENTRY_NAME, kho.pa(), "missing");
        long pa = KhoRootGeneration.address(kho, KhoRootGeneration.of(kho), node, SeedV6.LUO_FDT_KHO_ENTRY_NAME);
        return FdtBlob.read(new FieldReader(mem), "LUO FDT", pa, SeedV6.LUO_FDT_SIZE);
    }
}
