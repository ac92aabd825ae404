// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A read-only decode of a kimage entry list in RAM: which source page goes to which
 * destination page, and which pages hold the list. It reads the list the way the relocation
 * code does (the head is itself an entry; DESTINATION sets the cursor, INDIRECTION moves to
 * another page, DONE ends, SOURCE copies one page; a slot without a flag is skipped), but it
 * copies nothing. The bytes are untrusted (a RAM image, a damaged list): every page must lie in
 * RAM, no indirection page may be entered twice, and a page must end with a link or DONE, since
 * the guest would otherwise run on into whatever follows.
 */
public final class KimageEntries {
    /** One page of a segment: {@code src} is copied to {@code dest}. */
    public record Copy(long dest, long src) {
    }

    private static final long PAGE = 4096;

    private final List<Copy> copies;
    private final List<Long> indirectionPages;

    private KimageEntries(List<Copy> copies, List<Long> indirectionPages) {
        this.copies = List.copyOf(copies);
        this.indirectionPages = List.copyOf(indirectionPages);
    }

    /** The page copies, in list order. */
    public List<Copy> copies() {
        return copies;
    }

    /** The pages the list is stored in, in the order they are entered. */
    public List<Long> indirectionPages() {
        return indirectionPages;
    }

    /**
     * Where the byte that the copy will put at {@code pa} is staged now (the last copy to that
     * page wins), or -1 if no copy goes there.
     */
    public long sourceOf(long pa) {
        long page = pa & -PAGE;
        for (int i = copies.size() - 1; i >= 0; i--) {
            if (copies.get(i).dest() == page) {
                return copies.get(i).src() + (pa - page);
            }
        }
        return -1;
    }

    /**
     * Walks the list starting at entry {@code head}.
     *
     * @throws IllegalArgumentException with the first problem found, the offending entry in hex
     */
    public static KimageEntries walk(PhysMem mem, long head) {
        long ramPages = mem.size() / PAGE;
        // a kernel's list has at most a destination and a source per RAM page, plus links; the
        // slack lets a few pages of empty slots through but stops an endless chain of them
        long maxReads = 2 * ramPages + 2L * KimageEntry.ENTRIES_PER_PAGE;
        List<Copy> copies = new ArrayList<>();
        List<Long> pages = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long entry = head;
        long slotPa = -1;
        int slot = 0;
        long dest = -1;
        for (long reads = 0; ; reads++) {
            long page = entry & -PAGE;
            if ((entry & KimageEntry.IND_DESTINATION) != 0) {
                dest = page;
            } else if ((entry & KimageEntry.IND_INDIRECTION) != 0) {
                requirePage(mem, page, "indirection", entry);
                if (!seen.add(page)) {
                    throw bad("indirection page 0x%x is entered twice (the list loops)", page);
                }
                pages.add(page);
                slotPa = page;
                slot = 0;
            } else if ((entry & KimageEntry.IND_DONE) != 0) {
                return new KimageEntries(copies, pages);
            } else if ((entry & KimageEntry.IND_SOURCE) != 0) {
                if (dest < 0) {
                    throw bad("source entry 0x%x comes before any destination", entry);
                }
                requirePage(mem, page, "source", entry);
                requirePage(mem, dest, "destination", entry);
                if (copies.size() >= ramPages) {
                    throw bad("more than %d source entries: more pages than RAM holds", ramPages);
                }
                copies.add(new Copy(dest, page));
                dest += PAGE;
            }
            if (slotPa < 0) {
                throw bad("head entry 0x%x is neither an indirection page nor DONE", head);
            }
            if (slot == KimageEntry.ENTRIES_PER_PAGE) {
                throw bad("indirection page 0x%x ends without a link or DONE", slotPa);
            }
            if (reads >= maxReads) {
                throw bad("more than %d entries for %d pages of RAM", maxReads, ramPages);
            }
            entry = mem.read64(slotPa + 8L * slot++);
        }
    }

    private static void requirePage(PhysMem mem, long pa, String what, long entry) {
        if (pa < 0 || pa > mem.size() - PAGE) {
            throw bad("%s page 0x%x of entry 0x%x lies outside RAM of 0x%x bytes", what, pa, entry, mem.size());
        }
    }

    private static IllegalArgumentException bad(String fmt, Object... args) {
        return new IllegalArgumentException("kimage entry list: " + String.format(fmt, args));
    }
}
