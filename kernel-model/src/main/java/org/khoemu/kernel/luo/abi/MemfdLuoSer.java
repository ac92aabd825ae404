// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct memfd_luo_ser} ({@code __packed}, 40 bytes), what the memfd handler's
 * {@code luo_file_ser.data} points at: {@code pos} @0, {@code size} @8, {@code nr_folios} @16,
 * {@code folios} (a {@code struct kho_vmalloc} describing the {@link MemfdLuoFolioSer} array) @24.
 */
public record MemfdLuoSer(long pos, long size, long nrFolios, KhoVmalloc folios) {
    /** {@code MEMFD_LUO_FH_COMPATIBLE}. */
    public static final String COMPATIBLE = "memfd-v1";
    /** The layout table entry; the offsets below are read from it. */
    public static final AbiStruct STRUCT = AbiStruct.packed("memfd_luo_ser", "MEMFD_LUO_FH_COMPATIBLE",
                    "what a memfd's luo_file_ser.data points at")
            .u64("pos", "file position")
            .u64("size", "file size in bytes")
            .u64("nr_folios", "entries of the memfd_luo_folio_ser array")
            .embed("folios", KhoVmalloc.STRUCT, "the vmalloc area holding the memfd_luo_folio_ser array")
            .build();
    public static final int SIZE = STRUCT.size();
    public static final int OFF_POS = STRUCT.offset("pos");
    public static final int OFF_SIZE = STRUCT.offset("size");
    public static final int OFF_NR_FOLIOS = STRUCT.offset("nr_folios");
    public static final int OFF_FOLIOS = STRUCT.offset("folios");

    public static MemfdLuoSer readFrom(PhysMem mem, long pa) {
        return new MemfdLuoSer(mem.read64(pa + OFF_POS), mem.read64(pa + OFF_SIZE),
                mem.read64(pa + OFF_NR_FOLIOS), KhoVmalloc.readFrom(mem, pa + OFF_FOLIOS));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_POS, pos);
        mem.write64(pa + OFF_SIZE, size);
        mem.write64(pa + OFF_NR_FOLIOS, nrFolios);
        folios.writeTo(mem, pa + OFF_FOLIOS);
    }
}
