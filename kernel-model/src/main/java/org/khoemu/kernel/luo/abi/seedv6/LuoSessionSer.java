// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * {@code struct luo_session_ser} of the seed ({@code __packed}, 80 bytes): {@code name[56]} @0
 * (NUL-terminated, at most 55 characters survive {@code strscpy}), {@code files} @56 (phys of
 * the session's {@code luo_file_ser} array, 0 if none), {@code pgcnt} @64 (pages of that
 * array), {@code count} @72 (files). Entry {@code i} is at block offset {@code 16 + 80 * i}.
 */
public record LuoSessionSer(String name, long files, long pgcnt, long count) {
    public static final int SIZE = SeedV6.LUO_SESSION_SER.size();
    public static final int NAME_LENGTH = SeedV6.LUO_SESSION_SER.sizeOf("name");
    public static final int OFF_NAME = SeedV6.LUO_SESSION_SER.offset("name");
    public static final int OFF_FILES = SeedV6.LUO_SESSION_SER.offset("files");
    public static final int OFF_PGCNT = SeedV6.LUO_SESSION_SER.offset("pgcnt");
    public static final int OFF_COUNT = SeedV6.LUO_SESSION_SER.offset("count");

    /** The entry at {@code off} of a little-endian block window; see {@link CString#read(ByteBuffer, int, int, byte[])}. */
    public static LuoSessionSer readFrom(ByteBuffer w, int off, byte[] scratch) {
        return new LuoSessionSer(CString.read(w, off + OFF_NAME, NAME_LENGTH, scratch), w.getLong(off + OFF_FILES),
                w.getLong(off + OFF_PGCNT), w.getLong(off + OFF_COUNT));
    }

    public static LuoSessionSer readFrom(PhysMem mem, long pa) {
        return new LuoSessionSer(CString.read(mem, pa + OFF_NAME, NAME_LENGTH), mem.read64(pa + OFF_FILES),
                mem.read64(pa + OFF_PGCNT), mem.read64(pa + OFF_COUNT));
    }

    /** The entry at {@code off} of a little-endian block window, the name given as its field. */
    public static void write(ByteBuffer w, int off, byte[] nameField, long files, long pgcnt, long count) {
        w.put(off + OFF_NAME, nameField, 0, NAME_LENGTH);
        w.putLong(off + OFF_FILES, files);
        w.putLong(off + OFF_PGCNT, pgcnt);
        w.putLong(off + OFF_COUNT, count);
    }

    public void writeTo(PhysMem mem, long pa) {
        CString.write(mem, pa + OFF_NAME, NAME_LENGTH, name);
        mem.write64(pa + OFF_FILES, files);
        mem.write64(pa + OFF_PGCNT, pgcnt);
        mem.write64(pa + OFF_COUNT, count);
    }
}
