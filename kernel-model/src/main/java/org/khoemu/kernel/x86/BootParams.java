// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

/**
 * Offsets in {@code struct boot_params}, the x86 "zero page" (4096 bytes) that the kexec loader
 * fills and the kernel entry receives in RSI. Only the fields khoemu uses.
 */
public final class BootParams {
    public static final int SIZE = 4096;
    /** {@code ext_cmd_line_ptr}: upper 32 bits of the command line address. */
    public static final int OFF_EXT_CMD_LINE_PTR = 0x0c8;
    /** {@code e820_entries}, u8. */
    public static final int OFF_E820_ENTRIES = 0x1e8;
    /** {@code hdr.boot_flag}, u16 = 0xAA55. */
    public static final int OFF_BOOT_FLAG = 0x1fe;
    /** {@code hdr.header}, u32 = "HdrS". */
    public static final int OFF_HEADER = 0x202;
    /** {@code hdr.version}, u16 boot protocol version. */
    public static final int OFF_VERSION = 0x206;
    /** {@code hdr.cmd_line_ptr}, u32 lower 32 bits of the command line address. */
    public static final int OFF_CMD_LINE_PTR = 0x228;
    /** {@code hdr.cmdline_size}, u32. */
    public static final int OFF_CMDLINE_SIZE = 0x238;
    /** {@code hdr.setup_data}, u64 physical address of the first {@code setup_data}. */
    public static final int OFF_SETUP_DATA = 0x250;
    /** {@code e820_table[E820_MAX_ENTRIES_ZEROPAGE]}, 20-byte entries. */
    public static final int OFF_E820_TABLE = 0x2d0;
    public static final int E820_MAX_ENTRIES_ZEROPAGE = 128;

    public static final int HDRS_MAGIC = 0x53726448;
    public static final short BOOT_FLAG = (short) 0xaa55;
    /** Boot protocol 2.15, the version with {@code setup_data} chains of any type. */
    public static final short BOOT_PROTOCOL_VERSION = 0x020f;

    private BootParams() {
    }
}
