// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.luo.abi.seedv6.LuoFileSer;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;

/**
 * The first merged layout (v6.19, abi-reference 2.1): the same {@code luo-v1} FDT but a
 * {@code luo-session-v2} node, an 8-byte header ({@code count}), 80-byte entries with
 * {@code name[64]} and the file set embedded; file arrays and their entries as in the seed.
 */
public final class V619Profile implements LuoAbiProfile {
    public static final String NAME = "v6.19";
    public static final String LUO_FDT_SESSION_COMPATIBLE = "luo-session-v2";
    public static final V619Profile INSTANCE = new V619Profile();

    private V619Profile() {
    }

    @Override public String name() { return NAME; }
    @Override public String khoEntryName() { return SeedV6.LUO_FDT_KHO_ENTRY_NAME; }
    @Override public int fdtSize() { return SeedV6.LUO_FDT_SIZE; }
    @Override public String luoCompatible() { return SeedV6.LUO_FDT_COMPATIBLE; }
    @Override public String liveupdateNumberProperty() { return SeedV6.LUO_FDT_LIVEUPDATE_NUM; }
    @Override public String sessionNodeName() { return SeedV6.LUO_FDT_SESSION_NODE_NAME; }
    @Override public String sessionCompatible() { return LUO_FDT_SESSION_COMPATIBLE; }
    @Override public String sessionHeaderProperty() { return SeedV6.LUO_FDT_SESSION_HEADER; }
    @Override public int sessionNameLength() { return LuoSessionSer.NAME_LENGTH; }
    @Override public int sessionBlockPages() { return SeedV6.LUO_SESSION_PGCNT; }
    @Override public int sessionHeaderSize() { return LuoSessionHeaderSer.SIZE; }
    @Override public int sessionEntrySize() { return LuoSessionSer.SIZE; }
    @Override public int fileCompatibleLength() { return LuoFileSer.COMPATIBLE_LENGTH; }
    @Override public int filePages() { return SeedV6.LUO_FILE_PGCNT; }
    @Override public int fileEntrySize() { return LuoFileSer.SIZE; }

    /** Nothing to write: the block is zeroed and the header holds only the count. */
    @Override
    public void initSessionHeader(PhysMem mem, long blockPa) {
    }

    @Override
    public void writeSessionCount(PhysMem mem, long blockPa, long count) {
        new LuoSessionHeaderSer(count).writeTo(mem, blockPa);
    }

    @Override
    public long readSessionCount(PhysMem mem, long blockPa) {
        return LuoSessionHeaderSer.readFrom(mem, blockPa).count();
    }

    private static long entry(long blockPa, int index) {
        return blockPa + LuoSessionHeaderSer.SIZE + (long) index * LuoSessionSer.SIZE;
    }

    @Override
    public void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord r) {
        new LuoSessionSer(r.name(), r.files(), r.count()).writeTo(mem, entry(blockPa, index));
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
