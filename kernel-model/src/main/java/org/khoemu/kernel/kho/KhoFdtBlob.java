// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtException;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.port.PhysMem;

/** Reads an FDT that a sub-blob address points at: untrusted, so size and range are checked first. */
public final class KhoFdtBlob {
    /** Largest sub-FDT accepted. */
    public static final int MAX_FDT_SIZE = 1 << 20;

    private KhoFdtBlob() {
    }

    /** The validated FDT at {@code pa}; EINVAL when it is not a sane FDT inside RAM. */
    public static Fdt read(PhysMem mem, long pa) {
        if (pa <= 0 || pa + 8 > mem.size()) {
            throw new KernelException(Errno.EINVAL, String.format("FDT address 0x%x is outside RAM", pa));
        }
        long total = Integer.toUnsignedLong(Integer.reverseBytes(mem.read32(pa + 4)));
        if (total < 40 || total > MAX_FDT_SIZE || pa + total > mem.size()) {
            throw new KernelException(Errno.EINVAL, String.format("FDT at 0x%x has implausible totalsize %d", pa, total));
        }
        try {
            return Fdt.fromBytes(mem.read(pa, (int) total));
        } catch (FdtException | IllegalArgumentException e) {
            throw new KernelException(Errno.EINVAL, String.format("FDT at 0x%x: %s", pa, e.getMessage()));
        }
    }
}
