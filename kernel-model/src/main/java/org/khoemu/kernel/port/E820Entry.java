// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

/**
 * One firmware memory-map entry as in {@code struct boot_e820_entry} (20 bytes packed:
 * {@code addr} u64, {@code size} u64, {@code type} u32).
 */
public record E820Entry(long addr, long size, int type) {
    public static final int SIZE = 20;
    public static final int E820_TYPE_RAM = 1;
    public static final int E820_TYPE_RESERVED = 2;

    public long end() {
        return addr + size;
    }

    public boolean isRam() {
        return type == E820_TYPE_RAM;
    }
}
