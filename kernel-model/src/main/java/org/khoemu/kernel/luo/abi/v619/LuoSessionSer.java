// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * {@code struct luo_session_ser} of v6.19 ({@code __packed}, 80 bytes): {@code name[64]} @0,
 * then the embedded {@code struct luo_file_set_ser}: {@code files} @64 (phys of the file
 * array, 0 if none) and {@code count} @72. Entry {@code i} is at block offset {@code 8 + 80 * i}.
 */
public record LuoSessionSer(String name, long files, long count) {
    public static final int SIZE = V619.LUO_SESSION_SER.size();
    public static final int NAME_LENGTH = V619.LUO_SESSION_SER.sizeOf("name");
    public static final int OFF_NAME = V619.LUO_SESSION_SER.offset("name");
    public static final int OFF_FILES = V619.LUO_SESSION_SER.offset("file_set_ser.files");
    public static final int OFF_COUNT = V619.LUO_SESSION_SER.offset("file_set_ser.count");

    /** The entry at {@code off} of a little-endian block window; see {@link CString#read(ByteBuffer, int, int, byte[])}. */
    public static LuoSessionSer readFrom(ByteBuffer w, int off, byte[] scratch) {
        return new LuoSessionSer(CString.read(w, off + OFF_NAME, NAME_LENGTH, scratch), w.getLong(off + OFF_FILES),
                w.getLong(off + OFF_COUNT));
    }

    public static LuoSessionSer readFrom(PhysMem mem, long pa) {
        return new LuoSessionSer(CString.read(mem, pa + OFF_NAME, NAME_LENGTH), mem.read64(pa + OFF_FILES),
                mem.read64(pa + OFF_COUNT));
    }

    /** The entry at {@code off} of a little-endian block window, the name given as its field. */
    public static void write(ByteBuffer w, int off, byte[] nameField, long files, long count) {
        w.put(off + OFF_NAME, nameField, 0, NAME_LENGTH);
        w.putLong(off + OFF_FILES, files);
        w.putLong(off + OFF_COUNT, count);
    }

    public void writeTo(PhysMem mem, long pa) {
        CString.write(mem, pa + OFF_NAME, NAME_LENGTH, name);
        mem.write64(pa + OFF_FILES, files);
        mem.write64(pa + OFF_COUNT, count);
    }
}
