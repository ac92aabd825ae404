// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct memfd_luo_ser} ({@code __packed}, 40 bytes), what the memfd handler's
 * {@code luo_file_ser.data} points at: {@code pos} @0, {@code size} @8, {@code nr_folios} @16,
 * {@code folios} (a {@code struct kho_vmalloc} describing the {@link MemfdLuoFolioSer} array) @24.
 */
public record MemfdLuoSer(long pos, long size, long nrFolios, KhoVmalloc folios) {
    public static final int SIZE = 40;
    public static final int OFF_POS = 0;
    public static final int OFF_SIZE = 8;
    public static final int OFF_NR_FOLIOS = 16;
    public static final int OFF_FOLIOS = 24;
    /** {@code MEMFD_LUO_FH_COMPATIBLE}. */
    public static final String COMPATIBLE = "memfd-v1";

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
