// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.mm.Folio;

/** One preserved block of {@code 2^order} pages at {@code pa}, as recorded in the memory map. */
public record KhoPreservedBlock(long pa, int order) {
    public long size() {
        return Folio.PAGE_SIZE << order;
    }

    public boolean overlaps(long base, long len) {
        return pa < base + len && base < pa + size();
    }
}
