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
    /** {@code hdr.setup_sects}, u8: 512-byte setup sectors of the bzImage. */
    public static final int OFF_SETUP_SECTS = 0x1f1;
    /** {@code hdr.type_of_loader}, u8: the boot loader's id (the real kexec_file_load's is 0xd0, as the capture shows). */
    public static final int OFF_TYPE_OF_LOADER = 0x210;
    /** {@code hdr.loadflags}, u8. */
    public static final int OFF_LOADFLAGS = 0x211;
    /** {@code hdr.code32_start}, u32. */
    public static final int OFF_CODE32_START = 0x214;
    /** {@code hdr.ramdisk_image}, u32 lower 32 bits of the initrd address. */
    public static final int OFF_RAMDISK_IMAGE = 0x218;
    /** {@code hdr.ramdisk_size}, u32. */
    public static final int OFF_RAMDISK_SIZE = 0x21c;
    /** {@code hdr.kernel_alignment}, u32. */
    public static final int OFF_KERNEL_ALIGNMENT = 0x230;
    /** {@code hdr.relocatable_kernel}, u8. */
    public static final int OFF_RELOCATABLE_KERNEL = 0x234;
    /** {@code hdr.xloadflags}, u16. */
    public static final int OFF_XLOADFLAGS = 0x236;
    /** {@code hdr.pref_address}, u64 preferred load address. */
    public static final int OFF_PREF_ADDRESS = 0x258;
    /** {@code hdr.init_size}, u32 linear memory the kernel needs during initialization. */
    public static final int OFF_INIT_SIZE = 0x260;
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
