// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

/** The page allocator as kernel subsystems use it ({@code folio_alloc}, {@code folio_put}). */
public interface PageAllocator {
    /** {@code folio_alloc(gfp, order)}; throws {@code KernelException(ENOMEM)} when exhausted. */
    Folio allocFolio(int order, boolean zero);

    /** Drops the last reference of a folio and frees it. */
    void folioPut(Folio folio);
}
