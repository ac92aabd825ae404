// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.port.PhysMem;

/**
 * The read of a handed-over structure at an address that came from RAM (a session block, a
 * file array, a {@code memfd_luo_ser}). The seed reads it through {@code phys_to_virt} without
 * asking whether the previous kernel preserved it. A {@link KernelMode#HARDENED} kernel refuses
 * it; a {@link KernelMode#FAITHFUL} one reads it, and the emulator's guard reports what it did:
 * memory the map never described, or an address outside RAM, where the real kernel takes a page
 * fault (the model then panics with that oops, since the read cannot happen).
 */
public final class KhoReadGuard {
    private KhoReadGuard() {
    }

    /**
     * Checks {@code [pa, pa+len)} before {@code function} reads {@code what} there. Returns
     * null when the read may go on; in the hardened build the reason to refuse it (the caller
     * turns that into its errno or panic). {@code in} null: the memory is not the previous
     * kernel's (a rebuild from this kernel's own block, as the benchmarks time it), only its
     * place in RAM is checked.
     */
    public static String check(KernelMode mode, PhysMem mem, KhoIncoming in, KernelLog log, String function,
                               String what, long pa, long len) {
        boolean inRam = KhoPopulateChecks.inRam(mem.size(), pa, len);
        if (!inRam) {
            String reason = String.format("%s at %#x+%d lies outside RAM", what, pa, len);
            if (mode.hardened()) {
                return reason;
            }
            log.guard("wild-memory-access", function, String.format("read of %d bytes at %#x (%s): not RAM",
                    len, pa, what));
            throw new KernelPanic(String.format("BUG: unable to handle page fault for address: %#x (%s)",
                    pa, function));
        }
        if (in != null && !in.preservedRange(pa, len)) {
            if (mode.hardened()) {
                return String.format("%s at %#x+%d was not preserved", what, pa, len);
            }
            log.guard("use of unpreserved memory", function, String.format("read of %d bytes at %#x (%s): no "
                    + "preserved block of the previous kernel covers it", len, pa, what));
        }
        return null;
    }
}
