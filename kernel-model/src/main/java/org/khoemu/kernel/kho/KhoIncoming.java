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

    /**
     * {@code kho_retrieve_subtree(name, &phys, &size)}: address and, from kho-v3 on, the
     * {@code blob-size} (size 0 on kho-v1/v2, whose blobs are FDTs with their own totalsize).
     * ENOENT if not a KHO boot or no such child; EINVAL for a missing or not-8-byte property.
     */
    KhoSubtree retrieveBlob(String name);

    /** {@code kho_restore_folio}: null when magic or order do not match, or already restored. */
    Folio restoreFolio(long pa);

    /** {@code kho_restore_pages}: false on mismatch. */
    boolean restorePages(long pa, long nrPages);

    /** {@code kho_restore_free}: restore the folio at {@code pa} and free it. */
    void restoreFree(long pa);

    /** {@code kho_restore_vmalloc}: rebuilds the area from its chunk list; null on mismatch. */
    VmallocArea restoreVmalloc(KhoVmalloc desc);
}
