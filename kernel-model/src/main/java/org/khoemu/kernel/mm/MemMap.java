// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

/**
 * The {@code struct page} array in the manner of SPARSEMEM: per page a packed word with refcount,
 * compound order and flags, plus the {@code private} word. Storage is allocated per 128 MiB
 * section on first write, so untouched memory costs nothing.
 */
public final class MemMap {
    public static final int SECTION_SHIFT = 27;
    public static final int PAGES_PER_SECTION = 1 << (SECTION_SHIFT - Folio.PAGE_SHIFT);

    /** Head page of an allocated folio (order in bits 32..39). */
    public static final long PG_HEAD = 1L << 40;
    /** Tail page of an allocated compound folio. */
    public static final long PG_TAIL = 1L << 41;
    private static final long REFCOUNT_MASK = 0xffff_ffffL;

    private final long[][] flags;
    private final long[][] priv;

    public MemMap(long ramBytes) {
        int sections = (int) ((ramBytes + (1L << SECTION_SHIFT) - 1) >>> SECTION_SHIFT);
        flags = new long[sections][];
        priv = new long[sections][];
    }

    public long nrPages() {
        return (long) flags.length * PAGES_PER_SECTION;
    }

    public boolean valid(long pfn) {
        return pfn >= 0 && pfn < nrPages();
    }

    private static int sec(long pfn) {
        return (int) (pfn / PAGES_PER_SECTION);
    }

    private static int idx(long pfn) {
        return (int) (pfn % PAGES_PER_SECTION);
    }

    long word(long pfn) {
        long[] s = flags[sec(pfn)];
        return s == null ? 0 : s[idx(pfn)];
    }

    void setWord(long pfn, long v) {
        long[] s = flags[sec(pfn)];
        if (s == null) {
            if (v == 0) {
                return;
            }
            s = flags[sec(pfn)] = new long[PAGES_PER_SECTION];
        }
        s[idx(pfn)] = v;
    }

    public int refcount(long pfn) {
        return (int) (word(pfn) & REFCOUNT_MASK);
    }

    public boolean isHead(long pfn) {
        return (word(pfn) & PG_HEAD) != 0;
    }

    public boolean isTail(long pfn) {
        return (word(pfn) & PG_TAIL) != 0;
    }

    public int order(long pfn) {
        return (int) ((word(pfn) >>> 32) & 0xff);
    }

    /**
     * Marks {@code 2^order} in-use pages: one compound folio (head refcount 1, tails refcount 0)
     * or, when not {@code compound}, independent order-0 pages with refcount 1 each.
     */
    void setFolio(long pfn, int order, boolean compound) {
        setWord(pfn, PG_HEAD | ((long) (compound ? order : 0) << 32) | 1);
        for (long i = 1; i < (1L << order); i++) {
            setWord(pfn + i, compound ? PG_TAIL : PG_HEAD | 1);
        }
    }

    void clear(long pfn, long nrPages) {
        for (long i = 0; i < nrPages; i++) {
            setWord(pfn + i, 0);
        }
    }

    /** {@code page->private}. */
    public long getPrivate(long pfn) {
        long[] s = priv[sec(pfn)];
        return s == null ? 0 : s[idx(pfn)];
    }

    public void setPrivate(long pfn, long v) {
        long[] s = priv[sec(pfn)];
        if (s == null) {
            if (v == 0) {
                return;
            }
            s = priv[sec(pfn)] = new long[PAGES_PER_SECTION];
        }
        s[idx(pfn)] = v;
    }

    /** Sections that have struct-page storage (for the invariant walk and memory accounting). */
    boolean sectionPresent(int section) {
        return flags[section] != null;
    }

    int sections() {
        return flags.length;
    }
}
