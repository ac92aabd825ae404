// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.port.PhysMem;

/**
 * What the seed and v6.19 share: the {@code luo-v1} FDT under KHO entry {@code LUO}, a
 * 16-page session block of fixed-size entries after a header, and 2-page arrays of 64-byte
 * {@code luo_file_ser}. Generations differ in the session node's compatible, the header and
 * the session entry.
 */
public abstract class LuoV1FdtProfile implements LuoAbiProfile {
    // Read once from the layout table: the reboot path asks for them per entry.
    private final String khoEntryName;
    private final int fdtSize;
    private final String luoCompatible;
    private final String liveupdateNumber;
    private final String sessionNodeName;
    private final String sessionCompatible;
    private final String sessionHeader;
    private final int sessionBlockPages;
    private final int sessionNameLength;
    private final int sessionHeaderSize;
    private final int sessionEntrySize;
    private final int filePages;
    private final int fileCompatibleLength;
    private final int fileEntrySize;
    private final LuoFileSerCodec file;

    /** For a subclass whose {@link #layout()} returns a static table. */
    protected LuoV1FdtProfile() {
        this(null);
    }

    /** {@code table} is what {@link #layout()} will return (null: ask {@link #layout()} now). */
    protected LuoV1FdtProfile(AbiLayout table) {
        AbiLayout l = table != null ? table : layout();
        khoEntryName = l.text("LUO_FDT_KHO_ENTRY_NAME");
        fdtSize = l.number("LUO_FDT_SIZE");
        luoCompatible = l.text("LUO_FDT_COMPATIBLE");
        liveupdateNumber = l.text("LUO_FDT_LIVEUPDATE_NUM");
        sessionNodeName = l.text("LUO_FDT_SESSION_NODE_NAME");
        sessionCompatible = l.text("LUO_FDT_SESSION_COMPATIBLE");
        sessionHeader = l.text("LUO_FDT_SESSION_HEADER");
        sessionBlockPages = l.number("LUO_SESSION_PGCNT");
        sessionNameLength = l.struct("luo_session_ser").sizeOf("name");
        sessionHeaderSize = l.struct("luo_session_header_ser").size();
        sessionEntrySize = l.struct("luo_session_ser").size();
        filePages = l.number("LUO_FILE_PGCNT");
        file = LuoFileSerCodec.of(l.struct("luo_file_ser"));
        fileCompatibleLength = file.compatibleLength();
        fileEntrySize = file.size();
    }

    @Override public String khoEntryName() { return khoEntryName; }
    @Override public int fdtSize() { return fdtSize; }
    @Override public String luoCompatible() { return luoCompatible; }
    @Override public String liveupdateNumberProperty() { return liveupdateNumber; }
    @Override public String sessionNodeName() { return sessionNodeName; }
    @Override public String sessionCompatible() { return sessionCompatible; }
    @Override public String sessionHeaderProperty() { return sessionHeader; }
    @Override public int sessionBlockPages() { return sessionBlockPages; }
    @Override public int sessionNameLength() { return sessionNameLength; }
    @Override public int sessionHeaderSize() { return sessionHeaderSize; }
    @Override public int sessionEntrySize() { return sessionEntrySize; }
    @Override public int fileCompatibleLength() { return fileCompatibleLength; }
    @Override public int filePages() { return filePages; }
    @Override public int fileEntrySize() { return fileEntrySize; }

    /** Physical address of session entry {@code index}: the entries follow the header. */
    protected final long entryPa(long blockPa, int index) {
        return blockPa + sessionHeaderSize() + (long) index * sessionEntrySize();
    }

    /** The name is the first field of every generation's entry. */
    @Override
    public void clearSessionName(PhysMem mem, long blockPa, int index) {
        mem.fill(entryPa(blockPa, index), sessionNameLength(), (byte) 0);
    }

    /** Entry {@code index} of a file array: the array has no header. */
    private long filePa(long filesPa, int index) {
        return filesPa + (long) index * fileEntrySize;
    }

    @Override
    public void writeFile(PhysMem mem, long filesPa, int index, LuoFileRecord r) {
        file.write(mem, filePa(filesPa, index), r);
    }

    @Override
    public void writeFile(PhysMem mem, long filesPa, int index, byte[] compatibleField, long data, long token) {
        file.write(mem, filePa(filesPa, index), compatibleField, data, token);
    }

    @Override
    public LuoFileRecord readFile(PhysMem mem, long filesPa, int index) {
        return file.read(mem, filePa(filesPa, index));
    }
}
