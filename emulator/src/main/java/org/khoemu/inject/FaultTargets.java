// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.inspect.HandoverField;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.KhoMemMapSummary;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.x86.KhoData;

import java.util.ArrayList;
import java.util.List;

/**
 * Every scalar and char-array field of every table struct present in a decoded handover, by the
 * names {@code poke} takes: {@code kho_data}, the session header, each session entry and file entry in use, each
 * memfd's {@code memfd_luo_ser}, each chunk of the preserved-memory map with the bitmap
 * pointers it uses. Taken from the profile's table, so a new profile brings its own targets.
 */
public final class FaultTargets {
    private FaultTargets() {
    }

    public static List<HandoverField> of(HandoverInspection h, AbiLayout layout) {
        List<String> names = new ArrayList<>();
        LuoSessionBlock block = h.sessions();
        leaves(KhoData.STRUCT, KhoData.STRUCT.name(), Integer.MAX_VALUE, names);
        leaves(layout.struct("luo_session_header_ser"), "luo_session_header_ser", Integer.MAX_VALUE, names);
        for (LuoSessionBlock.Session s : block.sessions()) {
            leaves(layout.struct("luo_session_ser"), "luo_session_ser[" + s.index() + "]", Integer.MAX_VALUE, names);
            for (LuoSessionBlock.File f : s.files()) {
                String ij = "[" + s.index() + "][" + f.index() + "]";
                leaves(layout.struct("luo_file_ser"), "luo_file_ser" + ij, Integer.MAX_VALUE, names);
                if (f.memfd() != null) {
                    leaves(layout.struct("memfd_luo_ser"), "memfd_luo_ser" + ij, Integer.MAX_VALUE, names);
                }
            }
        }
        List<KhoMemMapSummary.Chunk> chunks = h.memMap().chunks();
        for (int k = 0; k < chunks.size(); k++) {
            leaves(layout.struct("khoser_mem_chunk"), "khoser_mem_chunk[" + k + "]", chunks.get(k).numElms(), names);
        }
        List<HandoverField> out = new ArrayList<>();
        for (String n : names) {
            out.add(HandoverField.resolve(h, layout, n));
        }
        return out;
    }

    /** Dotted leaf names of {@code s} under {@code prefix}; arrays of structs up to {@code used} elements. */
    private static void leaves(AbiStruct s, String prefix, int used, List<String> out) {
        for (AbiField f : s.fields()) {
            String name = prefix + "." + f.name();
            if (f.member() == null) {
                out.add(name);
            } else if (f.type().endsWith("]")) {
                int n = Math.min(used, f.size() / f.member().size());
                for (int i = 0; i < n; i++) {
                    leaves(f.member(), name + "[" + i + "]", used, out);
                }
            } else {
                leaves(f.member(), name, used, out);
            }
        }
    }
}
