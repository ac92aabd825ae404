// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoVmalloc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows a {@code struct kho_vmalloc} descriptor in untrusted RAM: the chunk list (one page
 * each: {@code next} u64 @0, then up to 511 u64 piece addresses ended by 0) and the pieces of
 * 2^order pages, giving the physical address of every piece in area order.
 */
public final class VmallocReader {
    /** Piece addresses after the {@code next} word of one chunk page. */
    public static final int CHUNK_ENTRIES = 511;
    static final int MAX_ORDER = 10;

    private VmallocReader() {
    }

    public static List<Long> pieces(FieldReader r, KhoVmalloc desc, String field, long descPa) {
        int order = desc.order() & 0xffff;
        FieldReader.require(order <= MAX_ORDER, field + ".order", descPa + KhoVmalloc.OFF_ORDER, "%d, expected 0..%d", order, MAX_ORDER);
        long totalPages = desc.totalPages() & 0xffffffffL;
        long want = (totalPages + (1L << order) - 1) >> order;
        FieldReader.require(totalPages == 0 || desc.first() != 0, field + ".first", descPa, "0 with total_pages %d", totalPages);
        List<Long> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long chunk = desc.first();
        String link = field + ".first";
        long linkPa = descPa + KhoVmalloc.OFF_FIRST;
        while (chunk != 0 && out.size() < want) {
            FieldReader.require((chunk & 0xfff) == 0 && seen.add(chunk), link, linkPa,
                    "chunk 0x%x is misaligned or closes a loop", chunk);
            String cn = field + " chunk[" + seen.size() + "]";
            r.checkRange(chunk, 4096, cn);
            for (int i = 0; i < CHUNK_ENTRIES && out.size() < want; i++) {
                long pa = chunk + 8 + 8L * i;
                long piece = r.u64(pa, cn + ".phys[" + i + "]");
                if (piece == 0) {
                    break;
                }
                FieldReader.require((piece & ((4096L << order) - 1)) == 0, cn + ".phys[" + i + "]", pa,
                        "0x%x is not aligned to its order %d", piece, order);
                r.checkRange(piece, 4096L << order, cn + ".phys[" + i + "]");
                out.add(piece);
            }
            link = cn + ".next";
            linkPa = chunk;
            chunk = r.u64(chunk, link);
        }
        FieldReader.require(out.size() == want, field + ".total_pages", descPa + KhoVmalloc.OFF_TOTAL_PAGES,
                "%d pages, but the chunk list holds %d pieces of order %d", totalPages, out.size(), order);
        return out;
    }

    /** {@code len} bytes from the start of the area described by {@code pieces}. */
    public static byte[] read(FieldReader r, List<Long> pieces, int order, long len, String field) {
        long pieceSize = 4096L << order;
        FieldReader.require(len <= pieceSize * pieces.size() && len < Integer.MAX_VALUE, field, pieces.isEmpty() ? 0 : pieces.get(0),
                "%d bytes do not fit in %d pieces of %d", len, pieces.size(), pieceSize);
        byte[] out = new byte[(int) len];
        for (int done = 0, i = 0; done < len; i++) {
            int n = (int) Math.min(pieceSize, len - done);
            System.arraycopy(r.bytes(pieces.get(i), n, field), 0, out, done, n);
            done += n;
        }
        return out;
    }
}
