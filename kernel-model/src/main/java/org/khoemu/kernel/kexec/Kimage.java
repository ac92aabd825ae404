// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.port.PurgatoryParams;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct kimage} after {@code kexec_file_load}: the segments, the entry list written into
 * RAM ({@link #head()} is itself an entry, {@code first page | IND_INDIRECTION}), the control
 * page, the purgatory start address, and every page the loader took from the buddy allocator.
 */
public final class Kimage {
    private final PhysMem mem;
    private final BuddyAllocator pages;
    final List<KexecSegment> segments = new ArrayList<>();
    final List<Folio> owned = new ArrayList<>();
    private long head;
    private long entry = -1;
    private int slot;
    long controlPage;
    long startAddress;
    long bootParams;
    PurgatoryParams purgatoryParams;

    Kimage(PhysMem mem, BuddyAllocator pages) {
        this.mem = mem;
        this.pages = pages;
    }

    public List<KexecSegment> segments() {
        return List.copyOf(segments);
    }

    public long head() {
        return head;
    }

    public long controlPage() {
        return controlPage;
    }

    public long startAddress() {
        return startAddress;
    }

    public long bootParams() {
        return bootParams;
    }

    public PurgatoryParams purgatoryParams() {
        return purgatoryParams;
    }

    /** Physical pages the image holds (sources, indirection pages, control page). */
    public List<Folio> ownedPages() {
        return List.copyOf(owned);
    }

    public KexecSegment segment(String name) {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    Folio takePage(String who) {
        Folio f = pages.allocFolio(0, false, who);
        owned.add(f);
        return f;
    }

    /** {@code kimage_add_entry}: appends one entry, chaining a new indirection page when full. */
    void addEntry(long e) {
        if (entry < 0 || slot == KimageEntry.ENTRIES_PER_PAGE - 1) {
            long page = takePage("kimage_add_entry").pa();
            mem.fill(page, Folio.PAGE_SIZE, (byte) 0);
            if (entry < 0) {
                head = page | KimageEntry.IND_INDIRECTION;
            } else {
                mem.write64(entry + 8L * slot, page | KimageEntry.IND_INDIRECTION);
            }
            entry = page;
            slot = 0;
        }
        mem.write64(entry + 8L * slot, e);
        slot++;
    }

    /** {@code kimage_terminate}. */
    void terminate() {
        addEntry(KimageEntry.IND_DONE);
    }

    /** {@code kimage_free}: gives every page back. */
    public void free() {
        owned.forEach(pages::folioPut);
        owned.clear();
    }
}
