// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.inspect.FieldReader;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.KhoMemMapSummary;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses the address mutations write, taken from the clean handover: the first page past
 * RAM, the start of the first scratch area, and the preserved objects in handover order (FDTs,
 * session block, file arrays, memfd records, chunk pages, folios), one of which an
 * {@code other} fault points a field at instead of its own.
 */
public record FaultAddresses(long ramSize, long scratch, List<Long> objects) {
    public static FaultAddresses of(HandoverInspection h, PhysMem mem) {
        Set<Long> objs = new LinkedHashSet<>();
        objs.add(h.kho().pa());
        objs.add(h.luoPa());
        objs.add(h.sessionBlockPa());
        for (LuoSessionBlock.Session s : h.sessions().sessions()) {
            if (s.filesPa() != 0) {
                objs.add(s.filesPa());
            }
            for (LuoSessionBlock.File f : s.files()) {
                if (f.memfd() != null) {
                    objs.add(f.memfd().pa());
                    f.memfd().folios().forEach(fo -> objs.add(fo.pfn() << 12));
                }
            }
        }
        for (KhoMemMapSummary.Chunk c : h.memMap().chunks()) {
            objs.add(c.pa());
        }
        List<long[]> scratch = h.boot().scratch(new FieldReader(mem));
        long sc = scratch.isEmpty() ? 0 : scratch.get(0)[0];
        return new FaultAddresses(mem.size(), sc, List.copyOf(new ArrayList<>(objs)));
    }

    /** A preserved object other than the one {@code current} points into and other than {@code self}. */
    long other(long current, long self) {
        for (long o : objects) {
            if (o != current && o != self && !(current >= o && current < o + 4096)) {
                return o;
            }
        }
        return objects.get(0);
    }
}
