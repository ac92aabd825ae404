// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

/**
 * {@code struct memblock_region}: a range with {@code MEMBLOCK_*} flags. The flag values are
 * {@code enum memblock_flags} of include/linux/memblock.h in the KHO era (v6.16 on).
 */
public record MemblockRegion(long base, long size, int flags) {
    public static final int MEMBLOCK_NONE = 0;
    /** {@code MEMBLOCK_KHO_SCRATCH}: memory the next kernel may use before it knows what is preserved. */
    public static final int MEMBLOCK_KHO_SCRATCH = 0x40;
    /** {@code MEMBLOCK_RSRV_KERN}: reserved for the kernel itself (counted for scratch sizing). */
    public static final int MEMBLOCK_RSRV_KERN = 0x20;
    /** {@code MEMBLOCK_RSRV_NOINIT}: reserved, struct pages left untouched (KHO-preserved blocks). */
    public static final int MEMBLOCK_RSRV_NOINIT = 0x10;

    public long end() {
        return base + size;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
