// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.luov5;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.block.KhoBlockLayout;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoEntryStore;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.luo.abi.LuoFileSerCodec;
import org.khoemu.kernel.luo.abi.LuoSerRoot;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * luo-v5 on kho-v4 (abi-reference 2.3): the raw {@link LuoSer} blob, sessions and each session's
 * files in {@code kho_block} chains. A "block" in the session and file methods is one
 * {@code kho_block} (header {@code {next, count}}, then the entries); an index is the entry's
 * place inside that block. The first open fails with the error when the incoming chains are
 * refused (the newest code keeps and returns it, abi-reference 4.2).
 *
 * <p>UNVERIFIED (abi-reference 2.3 does not pin them): when the chains are checked (here on the
 * first open of {@code /dev/liveupdate}, with the rest of the deserialization), and the order of
 * the errors of session create (here ENOSPC from the chain before EEXIST for a duplicate name).
 */
public final class LuoV5Profile implements LuoAbiProfile {
    private static final AbiStruct SESSION = LuoV5.LUO_SESSION_SER;
    private static final AbiStruct FILE = LuoV5.LUO_FILE_SER;
    private static final int HDR = KhoBlockLayout.HEADER_SIZE;
    private static final int NAME_LEN = SESSION.sizeOf("name");
    private static final int OFF_NAME = SESSION.offset("name");
    private static final int OFF_FILES = SESSION.offset("file_set_ser.files");
    private static final int OFF_COUNT = SESSION.offset("file_set_ser.count");
    private static final LuoFileSerCodec FILE_SER = LuoFileSerCodec.of(FILE);
    private static final int COMPAT_LEN = FILE_SER.compatibleLength();
    private static final int FILES_PER_BLOCK = LuoV5.LAYOUT.number("LUO_FILES_PER_BLOCK");

    private final LuoEntryStore sessions = new LuoV5ChainStore(SESSION.size(), "session", false);
    private final LuoEntryStore files = new LuoV5ChainStore(FILE.size(), "file", true);

    /** Last of the statics: the constructor reads the ones above. */
    public static final LuoV5Profile INSTANCE = new LuoV5Profile();

    private LuoV5Profile() {
    }

    @Override public String name() { return LuoV5.NAME; }
    /** The kho_block format is versioned by the KHO root: kho-v4, raw blobs with blob-size. */
    @Override public String khoGeneration() { return LuoV5.LAYOUT.text(KhoBlockLayout.VERSIONED_BY); }
    @Override public AbiLayout layout() { return LuoV5.LAYOUT; }
    @Override public LuoEntryStore sessionStore() { return sessions; }
    @Override public LuoEntryStore fileStore() { return files; }
    @Override public LuoSerRoot serRoot() { return LuoSer.INSTANCE; }
    @Override public String khoEntryName() { return LuoV5.LAYOUT.text("LUO_KHO_ENTRY_NAME"); }
    /** The blob's size: {@code kho_alloc_preserve(sizeof(struct luo_ser))}. */
    @Override public int fdtSize() { return LuoSer.SIZE; }
    @Override public String luoCompatible() { return LuoSer.INSTANCE.compatible(); }
    /** luo-v5 versions its sessions with the one compatible inside luo_ser. */
    @Override public String sessionCompatible() { return LuoSer.INSTANCE.compatible(); }

    @Override
    public String liveupdateNumberProperty() {
        throw new UnsupportedOperationException("luo-v5 has no LUO FDT: the number is luo_ser.liveupdate_num");
    }

    @Override
    public String sessionNodeName() {
        throw new UnsupportedOperationException("luo-v5 has no LUO FDT: the sessions are at luo_ser.sessions_pa");
    }

    @Override
    public String sessionHeaderProperty() {
        throw new UnsupportedOperationException("luo-v5 has no LUO FDT: the sessions are at luo_ser.sessions_pa");
    }

    @Override public int sessionNameLength() { return NAME_LEN; }
    /** One kho_block. */
    @Override public int sessionBlockPages() { return 1; }
    /** The kho_block header. */
    @Override public int sessionHeaderSize() { return HDR; }
    @Override public int sessionEntrySize() { return SESSION.size(); }
    @Override public int sessionMax() { return LuoV5.LAYOUT.number("LUO_SESSION_MAX"); }
    @Override public boolean openFailsOnDeserializeError() { return true; }

    /** A new block is zeroed; its header is written by the chain. */
    @Override
    public void initSessionHeader(PhysMem mem, long blockPa) {
    }

    @Override
    public void writeSessionCount(PhysMem mem, long blockPa, long count) {
        mem.write64(blockPa + KhoBlockLayout.OFF_COUNT, count);
    }

    @Override
    public long readSessionCount(PhysMem mem, long blockPa) {
        return mem.read64(blockPa + KhoBlockLayout.OFF_COUNT);
    }

    private static long entryPa(long blockPa, int index) {
        return blockPa + HDR + (long) index * SESSION.size();
    }

    @Override
    public void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord r) {
        long pa = entryPa(blockPa, index);
        CString.write(mem, pa + OFF_NAME, NAME_LEN, r.name());
        mem.write64(pa + OFF_FILES, r.files());
        mem.write64(pa + OFF_COUNT, r.count());
    }

    /** No {@code pgcnt} field: a chain's blocks are linked, not counted. */
    @Override
    public void writeSession(ByteBuffer block, int index, byte[] nameField, long files, long pgcnt, long count) {
        int off = HDR + index * SESSION.size();
        block.put(off + OFF_NAME, nameField, 0, NAME_LEN);
        block.putLong(off + OFF_FILES, files);
        block.putLong(off + OFF_COUNT, count);
    }

    /** The record's pages are the blocks {@code count} files need (what the outgoing chain had). */
    private static long pages(long files, long count) {
        return files == 0 || count <= 0 ? 0 : (count + FILES_PER_BLOCK - 1) / FILES_PER_BLOCK;
    }

    @Override
    public LuoSessionRecord readSession(PhysMem mem, long blockPa, int index) {
        long pa = entryPa(blockPa, index);
        long files = mem.read64(pa + OFF_FILES);
        long count = mem.read64(pa + OFF_COUNT);
        return new LuoSessionRecord(CString.read(mem, pa + OFF_NAME, NAME_LEN), files, pages(files, count), count);
    }

    @Override
    public LuoSessionRecord readSession(ByteBuffer block, int index, byte[] scratch) {
        int off = HDR + index * SESSION.size();
        long files = block.getLong(off + OFF_FILES);
        long count = block.getLong(off + OFF_COUNT);
        return new LuoSessionRecord(CString.read(block, off + OFF_NAME, NAME_LEN, scratch), files, pages(files, count),
                count);
    }

    @Override
    public void clearSessionName(PhysMem mem, long blockPa, int index) {
        mem.fill(entryPa(blockPa, index) + OFF_NAME, NAME_LEN, (byte) 0);
    }

    @Override public int fileCompatibleLength() { return COMPAT_LEN; }
    /** One kho_block. */
    @Override public int filePages() { return 1; }
    @Override public int fileEntrySize() { return FILE.size(); }
    @Override public int fileMax() { return LuoV5.LAYOUT.number("LUO_FILE_MAX"); }

    private static long filePa(long blockPa, int index) {
        return blockPa + HDR + (long) index * FILE.size();
    }

    @Override
    public void writeFile(PhysMem mem, long blockPa, int index, LuoFileRecord r) {
        FILE_SER.write(mem, filePa(blockPa, index), r);
    }

    @Override
    public void writeFile(PhysMem mem, long blockPa, int index, byte[] compatibleField, long data, long token) {
        FILE_SER.write(mem, filePa(blockPa, index), compatibleField, data, token);
    }

    @Override
    public LuoFileRecord readFile(PhysMem mem, long blockPa, int index) {
        return FILE_SER.read(mem, filePa(blockPa, index));
    }
}
