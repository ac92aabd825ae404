// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct setup_data} header of the x86 boot protocol (16 bytes): {@code next} u64 @0,
 * {@code type} u32 @8, {@code len} u32 @12; the payload of {@code len} bytes follows at @16.
 */
public record SetupData(long next, int type, int len) {
    public static final int SIZE = 16;
    public static final int OFF_NEXT = 0;
    public static final int OFF_TYPE = 8;
    public static final int OFF_LEN = 12;
    /** {@code SETUP_KEXEC_KHO} in arch/x86/include/uapi/asm/setup_data.h. */
    public static final int SETUP_KEXEC_KHO = 10;

    public static SetupData readFrom(PhysMem mem, long pa) {
        return new SetupData(mem.read64(pa + OFF_NEXT), mem.read32(pa + OFF_TYPE), mem.read32(pa + OFF_LEN));
    }

    public void writeTo(PhysMem mem, long pa) {
        mem.write64(pa + OFF_NEXT, next);
        mem.write32(pa + OFF_TYPE, type);
        mem.write32(pa + OFF_LEN, len);
    }
}
