// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.luo.abi.seedv6.LuoFileSer;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;

/**
 * What the seed and v6.19 share: the {@code luo-v1} FDT under KHO entry {@code LUO}, a
 * 16-page session block of fixed-size entries after a header, and 2-page arrays of 64-byte
 * {@code luo_file_ser}. Generations differ in the session node's compatible, the header and
 * the session entry.
 */
public abstract class LuoV1FdtProfile implements LuoAbiProfile {
    @Override public String khoEntryName() { return SeedV6.LUO_FDT_KHO_ENTRY_NAME; }
    @Override public int fdtSize() { return SeedV6.LUO_FDT_SIZE; }
    @Override public String luoCompatible() { return SeedV6.LUO_FDT_COMPATIBLE; }
    @Override public String liveupdateNumberProperty() { return SeedV6.LUO_FDT_LIVEUPDATE_NUM; }
    @Override public String sessionNodeName() { return SeedV6.LUO_FDT_SESSION_NODE_NAME; }
    @Override public String sessionHeaderProperty() { return SeedV6.LUO_FDT_SESSION_HEADER; }
    @Override public int sessionBlockPages() { return SeedV6.LUO_SESSION_PGCNT; }
    @Override public int fileCompatibleLength() { return LuoFileSer.COMPATIBLE_LENGTH; }
    @Override public int filePages() { return SeedV6.LUO_FILE_PGCNT; }
    @Override public int fileEntrySize() { return LuoFileSer.SIZE; }

    /** Physical address of session entry {@code index}: the entries follow the header. */
    protected final long entryPa(long blockPa, int index) {
        return blockPa + sessionHeaderSize() + (long) index * sessionEntrySize();
    }

    /** The name is the first field of every generation's entry. */
    @Override
    public void clearSessionName(PhysMem mem, long blockPa, int index) {
        mem.fill(entryPa(blockPa, index), sessionNameLength(), (byte) 0);
    }

    @Override
    public void writeFile(PhysMem mem, long filesPa, int index, LuoFileRecord r) {
        LuoFileSer.of(r).writeTo(mem, LuoFileSer.entryPa(filesPa, index));
    }

    @Override
    public void writeFile(PhysMem mem, long filesPa, int index, byte[] compatibleField, long data, long token) {
        LuoFileSer.write(mem, LuoFileSer.entryPa(filesPa, index), compatibleField, data, token);
    }

    @Override
    public LuoFileRecord readFile(PhysMem mem, long filesPa, int index) {
        return LuoFileSer.readFrom(mem, LuoFileSer.entryPa(filesPa, index)).record();
    }
}
