// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct luo_session_header_ser} of the seed ({@code __packed}, 16 bytes) at offset 0 of
 * the session block: {@code pgcnt} @0 (16, written at setup, never read back) and
 * {@code count} @8 (entries that follow, written at serialize time).
 */
public record LuoSessionHeaderSer(long pgcnt, long count) {
    public static final int SIZE = SeedV6.LUO_SESSION_HEADER_SER.size();
    public static final int OFF_PGCNT = SeedV6.LUO_SESSION_HEADER_SER.offset("pgcnt");
    public static final int OFF_COUNT = SeedV6.LUO_SESSION_HEADER_SER.offset("count");

    public static LuoSessionHeaderSer readFrom(PhysMem mem, long pa) {
        return new LuoSessionHeaderSer(mem.read64(pa + OFF_PGCNT), mem.read64(pa + OFF_COUNT));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_PGCNT, pgcnt);
        mem.write64(pa + OFF_COUNT, count);
    }
}
