// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.mm.Folio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shmem file's page cache ({@code mapping->i_pages}): which folio holds each page offset of
 * the file, with its page-cache flags. Most memfd folios are single pages, and a live update of
 * gigabytes holds millions of them, so single-page folios are kept as one {@code long} each in
 * arrays of {@link #CHUNK} slots (physical address | flags | present bit), about 8 bytes a page
 * instead of an object graph of a hundred. The rare larger folio (one restored from a kernel
 * that had them) is kept as an object, looked up by its first page offset.
 */
final class ShmemPageCache {
    /** Page offsets per slot array: 16 MiB of file. */
    static final int CHUNK_SHIFT = 12;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final long PRESENT = 1;
    private static final int FLAG_SHIFT = 1;
    private static final long FLAG_MASK = 0b11L << FLAG_SHIFT;

    private final Map<Long, long[]> small = new HashMap<>();
    private final TreeMap<Long, ShmemFolio> large = new TreeMap<>();
    private long count;

    /** The folio that holds page offset {@code index}, or null for a hole. */
    ShmemFolio lookup(long index) {
        long[] c = small.get(index >>> CHUNK_SHIFT);
        if (c != null) {
            long v = c[(int) (index & (CHUNK - 1))];
            if (v != 0) {
                return new ShmemFolio(new Folio(v & ~(Folio.PAGE_SIZE - 1), 0), index, (int) ((v & FLAG_MASK) >>> FLAG_SHIFT));
            }
        }
        if (large.isEmpty()) {
            return null;
        }
        Map.Entry<Long, ShmemFolio> e = large.floorEntry(index);
        return e == null || index >= e.getKey() + e.getValue().folio().nrPages() ? null : e.getValue();
    }

    /** Physical address of page offset {@code index}, or -1 for a hole. */
    long pageAddress(long index) {
        long[] c = small.get(index >>> CHUNK_SHIFT);
        if (c != null) {
            long v = c[(int) (index & (CHUNK - 1))];
            if (v != 0) {
                return v & ~(Folio.PAGE_SIZE - 1);
            }
        }
        ShmemFolio sf = large.isEmpty() ? null : lookup(index);
        return sf == null ? -1 : sf.folio().pa() + (index - sf.index()) * Folio.PAGE_SIZE;
    }

    /** Stores {@code sf}; its pages must be holes. */
    void put(ShmemFolio sf) {
        if (sf.folio().order() != 0) {
            large.put(sf.index(), sf);
        } else {
            long[] c = small.computeIfAbsent(sf.index() >>> CHUNK_SHIFT, k -> new long[CHUNK]);
            c[(int) (sf.index() & (CHUNK - 1))] = sf.folio().pa() | ((long) sf.flags() << FLAG_SHIFT) | PRESENT;
        }
        count++;
    }

    /** Sets {@code flags} on the folio holding {@code index} (which must exist). */
    void addFlags(long index, int flags) {
        long[] c = small.get(index >>> CHUNK_SHIFT);
        int slot = (int) (index & (CHUNK - 1));
        if (c != null && c[slot] != 0) {
            c[slot] |= (long) flags << FLAG_SHIFT;
            return;
        }
        ShmemFolio sf = lookup(index);
        large.put(sf.index(), new ShmemFolio(sf.folio(), sf.index(), sf.flags() | flags));
    }

    /** Removes and returns the folio starting at {@code index}, or null. */
    ShmemFolio remove(long index) {
        long[] c = small.get(index >>> CHUNK_SHIFT);
        int slot = (int) (index & (CHUNK - 1));
        ShmemFolio sf;
        if (c != null && c[slot] != 0) {
            sf = lookup(index);
            c[slot] = 0;
        } else {
            sf = large.remove(index);
        }
        if (sf != null) {
            count--;
        }
        return sf;
    }

    long count() {
        return count;
    }

    /** Every folio whose first page offset is at least {@code from}, in file order. */
    List<ShmemFolio> from(long from) {
        List<ShmemFolio> out = new ArrayList<>();
        new TreeMap<>(small).tailMap(from >>> CHUNK_SHIFT).forEach((chunk, c) -> {
            for (int i = 0; i < CHUNK; i++) {
                long index = (chunk << CHUNK_SHIFT) | i;
                if (c[i] != 0 && index >= from) {
                    out.add(lookup(index));
                }
            }
        });
        if (!large.isEmpty()) {
            out.addAll(large.tailMap(from).values());
            out.sort((a, b) -> Long.compare(a.index(), b.index()));
        }
        return out;
    }

    /** Every folio below page offset {@code end}, in file order. */
    List<ShmemFolio> below(long end) {
        List<ShmemFolio> all = from(0);
        int n = 0;
        while (n < all.size() && all.get(n).index() < end) {
            n++;
        }
        return all.subList(0, n);
    }

    void clear() {
        small.clear();
        large.clear();
        count = 0;
    }
}
