// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoPopulateChecks;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.x86.KhoData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What kernel B would refuse in a decoded handover, as the lines it would log: the same checks
 * ({@link KhoPopulateChecks}) in the order the kernel makes them. The kernel stops at the first
 * refusal and logs only it; this lists every one, the kernel's first.
 */
public final class KernelBRefusals {
    static final String KHO = "KHO: ";

    private KernelBRefusals() {
    }

    public static List<String> of(PhysMem mem, HandoverInspection in) {
        List<String> out = new ArrayList<>();
        KhoData kd = in.boot().khoData();
        add(out, KhoPopulateChecks.fdt(mem.size(), kd.fdtAddr(), kd.fdtSize()));
        KhoPopulateChecks.Refusal array = KhoPopulateChecks.scratchArray(mem.size(), kd.scratchAddr(), kd.scratchSize());
        add(out, array);
        if (array != null) {
            return out;
        }
        List<KhoScratch> areas = new ArrayList<>();
        List<long[]> raw = in.boot().scratch(new FieldReader(mem));
        for (int i = 0; i < raw.size(); i++) {
            KhoScratch s = new KhoScratch(raw.get(i)[0], raw.get(i)[1]);
            add(out, KhoPopulateChecks.scratchArea(mem.size(), i, s));
            areas.add(s);
        }
        for (Map.Entry<Long, Integer> b : in.memMap().blocks().entrySet()) {
            String overlap = KhoPopulateChecks.blockInScratch(areas, b.getKey(), b.getValue());
            if (overlap != null) {
                out.add(KHO + KhoPopulateChecks.damagedMapMessage(overlap));
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<String> out, KhoPopulateChecks.Refusal r) {
        if (r != null) {
            out.add(KHO + r.logMessage());
        }
    }
}
