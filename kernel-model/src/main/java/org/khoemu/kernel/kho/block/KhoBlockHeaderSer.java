// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.port.PhysMem;

/** {@code struct kho_block_header_ser} ({@code __packed}, 16 bytes): {@code next} @0, {@code count} @8. */
public record KhoBlockHeaderSer(long next, long count) {
    public static KhoBlockHeaderSer readFrom(PhysMem mem, long pa) {
        return new KhoBlockHeaderSer(mem.read64(pa + KhoBlockLayout.OFF_NEXT), mem.read64(pa + KhoBlockLayout.OFF_COUNT));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + KhoBlockLayout.OFF_NEXT, next);
        mem.write64(pa + KhoBlockLayout.OFF_COUNT, count);
    }
}
