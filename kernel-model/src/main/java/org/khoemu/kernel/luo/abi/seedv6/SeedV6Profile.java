// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.port.PhysMem;

/**
 * The seed layout (abi-reference section 1): {@code luo-v1} FDT with a {@code luo-session-v1}
 * node, a 16-page session block with a 16-byte {@code {pgcnt, count}} header and 80-byte
 * entries with {@code name[56]}, and 2-page, 128-entry file arrays.
 */
public final class SeedV6Profile implements LuoAbiProfile {
    public static final String NAME = "seed-v6";
    public static final SeedV6Profile INSTANCE = new SeedV6Profile();

    private SeedV6Profile() {
    }

    @Override public String name() { return NAME; }
    @Override public String khoEntryName() { return SeedV6.LUO_FDT_KHO_ENTRY_NAME; }
    @Override public int fdtSize() { return SeedV6.LUO_FDT_SIZE; }
    @Override public String luoCompatible() { return SeedV6.LUO_FDT_COMPATIBLE; }
    @Override public String liveupdateNumberProperty() { return SeedV6.LUO_FDT_LIVEUPDATE_NUM; }
    @Override public String sessionNodeName() { return SeedV6.LUO_FDT_SESSION_NODE_NAME; }
    @Override public String sessionCompatible() { return SeedV6.LUO_FDT_SESSION_COMPATIBLE; }
    @Override public String sessionHeaderProperty() { return SeedV6.LUO_FDT_SESSION_HEADER; }
    @Override public int sessionNameLength() { return LuoSessionSer.NAME_LENGTH; }
    @Override public int sessionBlockPages() { return SeedV6.LUO_SESSION_PGCNT; }
    @Override public int sessionHeaderSize() { return LuoSessionHeaderSer.SIZE; }
    @Override public int sessionEntrySize() { return LuoSessionSer.SIZE; }
    @Override public int fileCompatibleLength() { return LuoFileSer.COMPATIBLE_LENGTH; }
    @Override public int filePages() { return SeedV6.LUO_FILE_PGCNT; }
    @Override public int fileEntrySize() { return LuoFileSer.SIZE; }

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

    private static long entry(long blockPa, int index) {
        return blockPa + LuoSessionHeaderSer.SIZE + (long) index * LuoSessionSer.SIZE;
    }

    /** The seed stores the file array's page count beside its address: 0 when there is none. */
    @Override
    public void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord r) {
        long pgcnt = r.files() != 0 ? SeedV6.LUO_FILE_PGCNT : 0;
        new LuoSessionSer(r.name(), r.files(), pgcnt, r.count()).writeTo(mem, entry(blockPa, index));
    }

    @Override
    public LuoSessionRecord readSession(PhysMem mem, long blockPa, int index) {
        LuoSessionSer s = LuoSessionSer.readFrom(mem, entry(blockPa, index));
        return new LuoSessionRecord(s.name(), s.files(), s.count());
    }

    @Override
    public void clearSessionName(PhysMem mem, long blockPa, int index) {
        mem.fill(entry(blockPa, index) + LuoSessionSer.OFF_NAME, LuoSessionSer.NAME_LENGTH, (byte) 0);
    }

    @Override
    public void writeFile(PhysMem mem, long filesPa, int index, LuoFileRecord r) {
        LuoFileSer.of(r).writeTo(mem, LuoFileSer.entryPa(filesPa, index));
    }

    @Override
    public LuoFileRecord readFile(PhysMem mem, long filesPa, int index) {
        return LuoFileSer.readFrom(mem, LuoFileSer.entryPa(filesPa, index)).record();
    }
}
