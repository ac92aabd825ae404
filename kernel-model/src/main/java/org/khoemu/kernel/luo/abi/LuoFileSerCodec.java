// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.port.PhysMem;

/**
 * One {@code luo_file_ser} entry in RAM, its offsets taken from a profile's table: the struct
 * is the same from the seed to luo-v5 (abi-reference 1.5, 2.4); what differs between generations
 * is only where entry {@code i} sits (a headerless array or a {@code kho_block}), which the
 * profile computes and passes as {@code pa}.
 */
public record LuoFileSerCodec(int size, int compatible, int compatibleLength, int data, int token) {
    public static LuoFileSerCodec of(AbiStruct file) {
        return new LuoFileSerCodec(file.size(), file.offset("compatible"), file.sizeOf("compatible"),
                file.offset("data"), file.offset("token"));
    }

    public void write(PhysMem mem, long pa, LuoFileRecord r) {
        CString.write(mem, pa + compatible, compatibleLength, r.compatible());
        mem.write64(pa + data, r.data());
        mem.write64(pa + token, r.token());
    }

    /** The same entry with the compatible string already as its field ({@link CString#field}). */
    public void write(PhysMem mem, long pa, byte[] compatibleField, long dataValue, long tokenValue) {
        mem.write(pa + compatible, compatibleField, 0, compatibleLength);
        mem.write64(pa + data, dataValue);
        mem.write64(pa + token, tokenValue);
    }

    public LuoFileRecord read(PhysMem mem, long pa) {
        return new LuoFileRecord(CString.read(mem, pa + compatible, compatibleLength), mem.read64(pa + data),
                mem.read64(pa + token));
    }
}
