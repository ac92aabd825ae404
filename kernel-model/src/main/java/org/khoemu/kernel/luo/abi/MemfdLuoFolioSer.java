// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct memfd_luo_folio_ser} ({@code __packed}, 16 bytes): one u64 bit-field word @0
 * with {@code pfn} in bits 0-51 and {@code flags} in bits 52-63 (GCC little-endian bit order),
 * then {@code index} (page offset of the folio in the file) @8.
 */
public record MemfdLuoFolioSer(long pfn, int flags, long index) {
    /** The layout table entry; the offsets below are read from it. */
    public static final AbiStruct STRUCT = AbiStruct.packed("memfd_luo_folio_ser", "MEMFD_LUO_FH_COMPATIBLE",
                    "one folio of a preserved memfd")
            .u64("pfn_flags", "bit-field word: pfn in bits 0-51, flags in bits 52-63")
            .u64("index", "page offset of the folio in the file")
            .build();
    public static final int SIZE = STRUCT.size();
    public static final int OFF_PFN_FLAGS = STRUCT.offset("pfn_flags");
    public static final int OFF_INDEX = STRUCT.offset("index");
    public static final int PFN_BITS = 52;
    public static final long PFN_MASK = (1L << PFN_BITS) - 1;
    /** {@code MEMFD_LUO_FOLIO_DIRTY}. */
    public static final int DIRTY = 1;
    /** {@code MEMFD_LUO_FOLIO_UPTODATE}. */
    public static final int UPTODATE = 1 << 1;

    public MemfdLuoFolioSer {
        if ((pfn & ~PFN_MASK) != 0 || (flags & ~0xfff) != 0) {
            throw new IllegalArgumentException("pfn or flags out of range: " + pfn + " " + flags);
        }
    }

    public long word() {
        return pfn | ((long) flags << PFN_BITS);
    }

    public static MemfdLuoFolioSer readFrom(PhysMem mem, long pa) {
        long w = mem.read64(pa + OFF_PFN_FLAGS);
        return new MemfdLuoFolioSer(w & PFN_MASK, (int) (w >>> PFN_BITS), mem.read64(pa + OFF_INDEX));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_PFN_FLAGS, word());
        mem.write64(pa + OFF_INDEX, index);
    }
}
