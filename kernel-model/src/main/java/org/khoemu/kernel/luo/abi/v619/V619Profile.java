// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.luo.abi.LuoV1FdtProfile;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * The first merged layout (v6.19, abi-reference 2.1): the same {@code luo-v1} FDT but a
 * {@code luo-session-v2} node, an 8-byte header ({@code count}), 80-byte entries with
 * {@code name[64]} and the file set embedded; file arrays and their entries as in the seed.
 */
public final class V619Profile extends LuoV1FdtProfile {
    public static final String NAME = "v6.19";
    public static final String LUO_FDT_SESSION_COMPATIBLE = V619.LAYOUT.text("LUO_FDT_SESSION_COMPATIBLE");
    public static final V619Profile INSTANCE = new V619Profile();

    private V619Profile() {
    }

    @Override public String name() { return NAME; }
    @Override public AbiLayout layout() { return V619.LAYOUT; }
    /** v6.19: luo_open returns -EIO. */
    @Override public boolean openFailsOnDeserializeError() { return true; }

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

    @Override
    public void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord r) {
        new LuoSessionSer(r.name(), r.files(), r.count()).writeTo(mem, entryPa(blockPa, index));
    }

    /** v6.19 has no pgcnt field: the array's folio says its size. */
    @Override
    public void writeSession(ByteBuffer block, int index, byte[] nameField, long files, long pgcnt, long count) {
        LuoSessionSer.write(block, LuoSessionHeaderSer.SIZE + index * LuoSessionSer.SIZE, nameField, files, count);
    }

    @Override
    public LuoSessionRecord readSession(ByteBuffer block, int index, byte[] scratch) {
        LuoSessionSer s = LuoSessionSer.readFrom(block, LuoSessionHeaderSer.SIZE + index * LuoSessionSer.SIZE, scratch);
        return new LuoSessionRecord(s.name(), s.files(), s.files() != 0 ? filePages() : 0, s.count());
    }

    @Override
    public LuoSessionRecord readSession(PhysMem mem, long blockPa, int index) {
        LuoSessionSer s = LuoSessionSer.readFrom(mem, entryPa(blockPa, index));
        return new LuoSessionRecord(s.name(), s.files(), s.files() != 0 ? filePages() : 0, s.count());
    }
}
