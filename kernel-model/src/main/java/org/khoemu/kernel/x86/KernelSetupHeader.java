// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

import org.khoemu.kernel.port.PhysMem;

/**
 * The setup-header fields a bzImage carries and {@code kexec_file_load} copies into the next
 * kernel's boot_params, for khoemu's kernel image, plus the loader id the real loader writes
 * ({@code type_of_loader} 0xd0, as the Linux 6.19.6 capture shows). The image-describing values
 * are the model's own: its preferred load address and image size ({@code Kernel.KERNEL_IMAGE_PA}
 * and {@code KERNEL_IMAGE_SIZE}), 2 MiB alignment, relocatable, 64-bit and loadable above 4 GiB.
 * What a real build adds (setup sectors, 5-level paging flags, its own init_size, an initrd) is
 * not invented here: compare names those fields as differences.
 */
public record KernelSetupHeader(int setupSects, int codeStart, int kernelAlignment, int relocatable, int xloadflags,
                                long prefAddress, int initSize) {
    /** {@code type_of_loader} of the in-kernel kexec_file_load loader. */
    public static final int TYPE_OF_LOADER_KEXEC = 0xd0;
    public static final int XLF_KERNEL_64 = 1;
    public static final int XLF_CAN_BE_LOADED_ABOVE_4G = 1 << 1;

    /** khoemu's kernel image. */
    public static final KernelSetupHeader KHOEMU = new KernelSetupHeader(0, 0x100000, 2 << 20, 1,
            XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G, 16L << 20, 8 << 20);

    /** Writes the fields into the boot_params at {@code bp}, with the kexec loader's id. */
    public void writeTo(PhysMem mem, long bp) {
        mem.write8(bp + BootParams.OFF_SETUP_SECTS, (byte) setupSects);
        mem.write8(bp + BootParams.OFF_TYPE_OF_LOADER, (byte) TYPE_OF_LOADER_KEXEC);
        mem.write32(bp + BootParams.OFF_CODE32_START, codeStart);
        mem.write32(bp + BootParams.OFF_KERNEL_ALIGNMENT, kernelAlignment);
        mem.write8(bp + BootParams.OFF_RELOCATABLE_KERNEL, (byte) relocatable);
        mem.write16(bp + BootParams.OFF_XLOADFLAGS, (short) xloadflags);
        mem.write64(bp + BootParams.OFF_PREF_ADDRESS, prefAddress);
        mem.write32(bp + BootParams.OFF_INIT_SIZE, initSize);
    }
}
