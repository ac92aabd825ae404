// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct kho_data} (32 bytes, packed), the payload of the {@code SETUP_KEXEC_KHO}
 * setup_data entry: {@code fdt_addr} @0, {@code fdt_size} @8, {@code scratch_addr} @16,
 * {@code scratch_size} @24 (count of {@code struct kho_scratch} entries times 16).
 */
public record KhoData(long fdtAddr, long fdtSize, long scratchAddr, long scratchSize) {
    /** The layout as a table (boot protocol, not a LUO profile's); the offsets below are read from it. */
    public static final AbiStruct STRUCT = AbiStruct.packed("kho_data", "KHO_FDT_COMPATIBLE",
                    "payload of the SETUP_KEXEC_KHO setup_data entry")
            .u64("fdt_addr", "phys of the KHO root FDT")
            .u64("fdt_size", "bytes of the KHO root FDT")
            .u64("scratch_addr", "phys of the kho_scratch array")
            .u64("scratch_size", "bytes of the kho_scratch array")
            .build();
    public static final int SIZE = STRUCT.size();
    public static final int OFF_FDT_ADDR = STRUCT.offset("fdt_addr");
    public static final int OFF_FDT_SIZE = STRUCT.offset("fdt_size");
    public static final int OFF_SCRATCH_ADDR = STRUCT.offset("scratch_addr");
    public static final int OFF_SCRATCH_SIZE = STRUCT.offset("scratch_size");

    public static KhoData readFrom(PhysMem mem, long pa) {
        return new KhoData(mem.read64(pa + OFF_FDT_ADDR), mem.read64(pa + OFF_FDT_SIZE),
                mem.read64(pa + OFF_SCRATCH_ADDR), mem.read64(pa + OFF_SCRATCH_SIZE));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_FDT_ADDR, fdtAddr);
        mem.write64(pa + OFF_FDT_SIZE, fdtSize);
        mem.write64(pa + OFF_SCRATCH_ADDR, scratchAddr);
        mem.write64(pa + OFF_SCRATCH_SIZE, scratchSize);
    }
}
