// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import java.util.List;

/**
 * A virtually contiguous area backed by physically scattered pieces of 2^order pages each, the
 * model of a {@code vmalloc()} allocation. Byte {@code off} of the area lives in piece
 * {@code off / pieceSize}.
 */
public record VmallocArea(int order, List<Folio> pieces) {
    public VmallocArea {
        pieces = List.copyOf(pieces);
    }

    public long pieceSize() {
        return Folio.PAGE_SIZE << order;
    }

    public long size() {
        return pieceSize() * pieces.size();
    }

    /** Physical address of byte {@code off} of the area. */
    public long phys(long off) {
        return pieces.get((int) (off / pieceSize())).pa() + off % pieceSize();
    }
}
