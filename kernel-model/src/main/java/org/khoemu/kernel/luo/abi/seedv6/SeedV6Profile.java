// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.luo.abi.LuoV1FdtProfile;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * The seed layout (abi-reference section 1): {@code luo-v1} FDT with a {@code luo-session-v1}
 * node, a 16-page session block with a 16-byte {@code {pgcnt, count}} header and 80-byte
 * entries with {@code name[56]}, and 2-page, 128-entry file arrays.
 */
public final class SeedV6Profile extends LuoV1FdtProfile {
    public static final String NAME = "seed-v6";
    public static final SeedV6Profile INSTANCE = new SeedV6Profile();

    private SeedV6Profile() {
    }

    @Override public String name() { return NAME; }
    @Override public AbiLayout layout() { return SeedV6.LAYOUT; }
    /** seed 002: luo_open does not look at luo_session_deserialize's result. */
    @Override public boolean openFailsOnDeserializeError() { return false; }

    @Override
    public void initSessionHeader(PhysMem mem, long blockPa) {
        new LuoSessionHeaderSer(SeedV6.LUO_SESSION_PGCNT, 0).writeTo(mem, blockPa);
    }

    @Override
    public void writeSessionCount(PhysMem mem, long blockPa, long count) {
        mem.write64(blockPa + LuoSessionHeaderSer.OFF_COUNT, count);
    }

    @Override
    public long readSessionCount(PhysMem mem, long blockPa) {
        return LuoSessionHeaderSer.readFrom(mem, blockPa).count();
    }

    /** The seed stores the session's {@code pgcnt} (its file array's pages) beside the array's address. */
    @Override
    public void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord r) {
        new LuoSessionSer(r.name(), r.files(), r.pgcnt(), r.count()).writeTo(mem, entryPa(blockPa, index));
    }

    @Override
    public void writeSession(ByteBuffer block, int index, byte[] nameField, long files, long pgcnt, long count) {
        LuoSessionSer.write(block, LuoSessionHeaderSer.SIZE + index * LuoSessionSer.SIZE, nameField, files, pgcnt, count);
    }

    @Override
    public LuoSessionRecord readSession(ByteBuffer block, int index, byte[] scratch) {
        LuoSessionSer s = LuoSessionSer.readFrom(block, LuoSessionHeaderSer.SIZE + index * LuoSessionSer.SIZE, scratch);
        return new LuoSessionRecord(s.name(), s.files(), s.pgcnt(), s.count());
    }

    @Override
    public LuoSessionRecord readSession(PhysMem mem, long blockPa, int index) {
        LuoSessionSer s = LuoSessionSer.readFrom(mem, entryPa(blockPa, index));
        return new LuoSessionRecord(s.name(), s.files(), s.pgcnt(), s.count());
    }
}
