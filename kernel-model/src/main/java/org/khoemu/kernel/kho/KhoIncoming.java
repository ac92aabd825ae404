// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.VmallocArea;

/** KHO as its clients see it in the incoming kernel (after a handover). */
public interface KhoIncoming {
    /** True when {@code kho_populate} accepted handover data on this boot. */
    boolean isKhoBoot();

    /** {@code kho_retrieve_subtree}: physical address of sub-FDT {@code name}; ENOENT if none. */
    long retrieveSubtree(String name);

    /** {@code kho_restore_folio}: null when magic or order do not match, or already restored. */
    Folio restoreFolio(long pa);

    /** {@code kho_restore_pages}: false on mismatch. */
    boolean restorePages(long pa, long nrPages);

    /** {@code kho_restore_free}: restore the folio at {@code pa} and free it. */
    void restoreFree(long pa);

    /** {@code kho_restore_vmalloc}: rebuilds the area from its chunk list; null on mismatch. */
    VmallocArea restoreVmalloc(KhoVmalloc desc);

    /**
     * Not a kernel call: whether every byte of {@code [pa, pa+len)} lies in blocks the previous
     * kernel's memory map described. The kernel keeps no such index; the emulator's guards and
     * the hardened build ask it before reading handed-over structures at an address from RAM.
     */
    default boolean preservedRange(long pa, long len) {
        return false;
    }
}
