// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.VmallocArea;

/**
 * KHO as its clients see it in the outgoing kernel. Errors are {@code KernelException} with the
 * kernel's errno. Addresses are physical: the model's direct map is the identity.
 */
public interface KhoOutgoing {
    /** {@code kho_preserve_folio}; EINVAL if it overlaps a scratch area. */
    void preserveFolio(Folio folio);

    /** {@code kho_unpreserve_folio}; must match a previous preserve exactly. */
    void unpreserveFolio(Folio folio);

    /** {@code kho_preserve_pages}: split into maximal aligned blocks, rolled back on failure. */
    void preservePages(long pa, long nrPages);

    void unpreservePages(long pa, long nrPages);

    /**
     * {@code kho_alloc_preserve}: a zeroed folio of {@code get_order(size)} pages, preserved.
     * EINVAL for 0, E2BIG above MAX_PAGE_ORDER, ENOMEM. Returns its physical address.
     */
    long allocPreserve(long size);

    /** {@code kho_unpreserve_free}: undo of {@link #allocPreserve}. */
    void unpreserveFree(long pa);

    /** {@code kho_preserve_vmalloc}: preserves every piece and the chunk list; returns the descriptor. */
    KhoVmalloc preserveVmalloc(VmallocArea area);

    void unpreserveVmalloc(KhoVmalloc desc);

    /** {@code kho_add_subtree}: child {@code name} of the KHO root FDT; EEXIST for a duplicate. */
    void addSubtree(String name, long fdtPa);

    /**
     * {@code kho_add_subtree(name, blob, size)} (kho-v3+): a raw, not necessarily FDT, blob of
     * {@code size} bytes; EEXIST for a duplicate, EINVAL on a generation without {@code blob-size}.
     */
    void addSubtree(String name, long pa, long size);

    /** {@code kho_remove_subtree}: removes the child whose address is {@code fdtPa}. */
    void removeSubtree(long fdtPa);

    /** {@code kho_finalize}: serializes the preserved-memory map into the root FDT. */
    void finalizeKho();
}
