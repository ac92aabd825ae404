// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.fdt.FdtEditor;
import org.khoemu.kernel.port.PhysMem;

import java.util.Arrays;

/**
 * The {@code truncate} mutation of an FDT property: the value keeps its first half (an 8-byte
 * address becomes 4 bytes), set through libfdt in the blob's own room in RAM and the blob
 * packed, as a buggy writer would leave it: every later offset and the header change with it.
 * The clean blob is valid, so libfdt may edit it in place; the campaign restores RAM after.
 */
final class FdtTruncate {
    private FdtTruncate() {
    }

    static void apply(PhysMem mem, Target t) {
        Target.FdtSpot s = t.fdt();
        FdtEditor ed = FdtEditor.openAt(mem.hostAddress(s.blobPa(), s.room()), s.room());
        int node = ed.reader().pathOffset(s.path());
        byte[] v = ed.reader().getprop(node, s.prop());
        ed.setprop(node, s.prop(), Arrays.copyOf(v, v.length / 2)).pack();
    }
}
