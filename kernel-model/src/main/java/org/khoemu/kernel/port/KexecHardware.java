// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

/**
 * The hardware side of kexec, implemented by the machine. The kernel model loads segments and
 * writes the kimage entry list into RAM; the machine runs relocation, purgatory and the entry
 * stub as guest code on its CPU.
 */
public interface KexecHardware {
    /**
     * The kernel entry stub as a flat, position-independent x86-64 image. Entry at offset 0,
     * expects RSI = physical address of boot_params.
     */
    byte[] entryStubImage();

    /** The largest number of SHA regions purgatory accepts. */
    int purgatoryMaxRegions();

    /**
     * The purgatory as a flat, position-independent image with its parameter block filled in.
     * Entry at offset 0. It is not itself covered by the digest.
     */
    byte[] purgatoryImage(PurgatoryParams params);

    /**
     * {@code machine_kexec}: copies the relocation code into {@code controlPage} (one 4 KiB
     * page that is no destination and no source), and runs it on the CPU with the kimage entry
     * list at {@code indirectionHead}; relocation then jumps to {@code startAddress} (purgatory).
     * RAM is left as the guest left it.
     */
    KexecOutcome machineKexec(long indirectionHead, long controlPage, long startAddress);
}
