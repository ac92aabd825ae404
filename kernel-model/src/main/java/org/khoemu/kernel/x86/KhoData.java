// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct kho_data} (32 bytes, packed), the payload of the {@code SETUP_KEXEC_KHO}
 * setup_data entry: {@code fdt_addr} @0, {@code fdt_size} @8, {@code scratch_addr} @16,
 * {@code scratch_size} @24 (count of {@code struct kho_scratch} entries times 16).
 */
public record KhoData(long fdtAddr, long fdtSize, long scratchAddr, long scratchSize) {
    public static final int SIZE = 32;
    public static final int OFF_FDT_ADDR = 0;
    public static final int OFF_FDT_SIZE = 8;
    public static final int OFF_SCRATCH_ADDR = 16;
    public static final int OFF_SCRATCH_SIZE = 24;

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
