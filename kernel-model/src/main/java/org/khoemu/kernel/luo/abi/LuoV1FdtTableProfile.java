// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * A {@code luo-v1} FDT generation described by its layout table alone: the session header and
 * entry are read and written at the offsets the table gives for the fields named {@code pgcnt},
 * {@code count}, {@code name} and {@code files} (a field the table lacks is not written). A new
 * generation of this family is a table and one instance, with no serializer code of its own.
 */
public class LuoV1FdtTableProfile extends LuoV1FdtProfile {
    private final String name;
    private final AbiLayout layout;
    private final boolean openFailsOnDeserializeError;
    private final int headerPgcnt;
    private final int headerCount;
    private final int entryName;
    private final int entryFiles;
    private final int entryPgcnt;
    private final int entryCount;

    public LuoV1FdtTableProfile(String name, AbiLayout layout, boolean openFailsOnDeserializeError) {
        super(layout);
        this.name = name;
        this.layout = layout;
        this.openFailsOnDeserializeError = openFailsOnDeserializeError;
        AbiStruct header = layout.struct("luo_session_header_ser");
        AbiStruct entry = layout.struct("luo_session_ser");
        headerPgcnt = header.leafOffset("pgcnt");
        headerCount = header.leafOffset("count");
        entryName = entry.offset("name");
        entryFiles = entry.leafOffset("files");
        entryPgcnt = entry.leafOffset("pgcnt");
        entryCount = entry.leafOffset("count");
    }

    @Override public String name() { return name; }
    @Override public AbiLayout layout() { return layout; }
    @Override public boolean openFailsOnDeserializeError() { return openFailsOnDeserializeError; }

    /**
     * A header with a {@code pgcnt} field gets the block's page count at setup (the seed); nothing
     * else is written: the block comes zeroed from {@code kho_alloc_preserve} and the count is
     * written at serialize time.
     */
    @Override
    public void initSessionHeader(PhysMem mem, long blockPa) {
        if (headerPgcnt >= 0) {
            mem.write64(blockPa + headerPgcnt, sessionBlockPages());
        }
    }

    @Override
    public void writeSessionCount(PhysMem mem, long blockPa, long count) {
        mem.write64(blockPa + headerCount, count);
    }

    @Override
    public long readSessionCount(PhysMem mem, long blockPa) {
        return mem.read64(blockPa + headerCount);
    }

    @Override
    public void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord r) {
        long pa = entryPa(blockPa, index);
        CString.write(mem, pa + entryName, sessionNameLength(), r.name());
        mem.write64(pa + entryFiles, r.files());
        if (entryPgcnt >= 0) {
            mem.write64(pa + entryPgcnt, r.pgcnt());
        }
        mem.write64(pa + entryCount, r.count());
    }

    @Override
    public void writeSession(ByteBuffer block, int index, byte[] nameField, long files, long pgcnt, long count) {
        int off = sessionHeaderSize() + index * sessionEntrySize();
        block.put(off + entryName, nameField, 0, sessionNameLength());
        block.putLong(off + entryFiles, files);
        if (entryPgcnt >= 0) {
            block.putLong(off + entryPgcnt, pgcnt);
        }
        block.putLong(off + entryCount, count);
    }

    /** Without a {@code pgcnt} field the array's pages are implied by its folio: the file pages, or 0. */
    @Override
    public LuoSessionRecord readSession(PhysMem mem, long blockPa, int index) {
        long pa = entryPa(blockPa, index);
        long files = mem.read64(pa + entryFiles);
        long pgcnt = entryPgcnt >= 0 ? mem.read64(pa + entryPgcnt) : files != 0 ? filePages() : 0;
        return new LuoSessionRecord(CString.read(mem, pa + entryName, sessionNameLength()), files, pgcnt,
                mem.read64(pa + entryCount));
    }

    /** As {@link #readSession(PhysMem, long, int)}, through a window of the block (the rebuild's fast path). */
    @Override
    public LuoSessionRecord readSession(ByteBuffer block, int index, byte[] scratch) {
        int off = sessionHeaderSize() + index * sessionEntrySize();
        long files = block.getLong(off + entryFiles);
        long pgcnt = entryPgcnt >= 0 ? block.getLong(off + entryPgcnt) : files != 0 ? filePages() : 0;
        return new LuoSessionRecord(CString.read(block, off + entryName, sessionNameLength(), scratch), files, pgcnt,
                block.getLong(off + entryCount));
    }
}
