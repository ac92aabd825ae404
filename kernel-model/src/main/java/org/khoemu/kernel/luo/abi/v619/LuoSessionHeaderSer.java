// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct luo_session_header_ser} of v6.19 ({@code __packed}, 8 bytes): {@code count} @0.
 * The seed's {@code pgcnt} was dropped in review: the block's size is implied by its folio.
 */
public record LuoSessionHeaderSer(long count) {
    public static final int SIZE = V619.LUO_SESSION_HEADER_SER.size();
    public static final int OFF_COUNT = V619.LUO_SESSION_HEADER_SER.offset("count");

    public static LuoSessionHeaderSer readFrom(PhysMem mem, long pa) {
        return new LuoSessionHeaderSer(mem.read64(pa + OFF_COUNT));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_COUNT, count);
    }
}
