// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

/** A naturally aligned block of 2^order pages, named by the physical address of its head page. */
public record Folio(long pa, int order) {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    public long pfn() {
        return pa >>> PAGE_SHIFT;
    }

    public long nrPages() {
        return 1L << order;
    }

    public long size() {
        return PAGE_SIZE << order;
    }
}
