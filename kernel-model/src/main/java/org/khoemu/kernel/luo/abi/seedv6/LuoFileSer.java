// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct luo_file_ser} ({@code __packed}, 64 bytes): {@code compatible[48]} @0 (handler
 * string, e.g. {@code "memfd-v1"}), {@code data} @48 (the handler's opaque u64; for memfd the
 * phys of its {@code memfd_luo_ser}), {@code token} @56 (the user's token). Entry {@code i} of a
 * session's array is at {@code i * 64}; the array has no header.
 */
public record LuoFileSer(String compatible, long data, long token) {
    public static final int SIZE = SeedV6.LUO_FILE_SER.size();
    public static final int COMPATIBLE_LENGTH = SeedV6.LUO_FILE_SER.sizeOf("compatible");
    public static final int OFF_COMPATIBLE = SeedV6.LUO_FILE_SER.offset("compatible");
    public static final int OFF_DATA = SeedV6.LUO_FILE_SER.offset("data");
    public static final int OFF_TOKEN = SeedV6.LUO_FILE_SER.offset("token");

    /** Physical address of entry {@code index} of the array at {@code filesPa}. */
    public static long entryPa(long filesPa, int index) {
        return filesPa + (long) index * SIZE;
    }

    public static LuoFileSer of(LuoFileRecord r) {
        return new LuoFileSer(r.compatible(), r.data(), r.token());
    }

    public LuoFileRecord record() {
        return new LuoFileRecord(compatible, data, token);
    }

    public static LuoFileSer readFrom(PhysMem mem, long pa) {
        return new LuoFileSer(CString.read(mem, pa + OFF_COMPATIBLE, COMPATIBLE_LENGTH),
                mem.read64(pa + OFF_DATA), mem.read64(pa + OFF_TOKEN));
    }

    /** The entry at {@code pa}, the compatible string given as its whole field. */
    public static void write(PhysMem mem, long pa, byte[] compatibleField, long data, long token) {
        mem.write(pa + OFF_COMPATIBLE, compatibleField, 0, COMPATIBLE_LENGTH);
        mem.write64(pa + OFF_DATA, data);
        mem.write64(pa + OFF_TOKEN, token);
    }

    public void writeTo(PhysMem mem, long pa) {
        CString.write(mem, pa + OFF_COMPATIBLE, COMPATIBLE_LENGTH, compatible);
        mem.write64(pa + OFF_DATA, data);
        mem.write64(pa + OFF_TOKEN, token);
    }
}
