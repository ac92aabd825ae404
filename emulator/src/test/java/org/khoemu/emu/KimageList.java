// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-side writer of a kimage entry list in RAM. Indirection pages hold {@code perPage} slots;
 * the last slot of a full page links the next one, as the kernel's list does with 512 slots.
 */
final class KimageList {
    static final long IND_DESTINATION = 0x1;
    static final long IND_INDIRECTION = 0x2;
    static final long IND_DONE = 0x4;
    static final long IND_SOURCE = 0x8;

    private final PhysMem mem;
    private final List<Long> freeIndirectionPages;
    private final int perPage;
    private final List<Long> entries = new ArrayList<>();
    final List<Long> indirectionPages = new ArrayList<>();

    KimageList(PhysMem mem, List<Long> freeIndirectionPages, int perPage) {
        this.mem = mem;
        this.freeIndirectionPages = new ArrayList<>(freeIndirectionPages);
        this.perPage = perPage;
    }

    void destination(long pa) {
        entries.add(pa | IND_DESTINATION);
    }

    void source(long pa) {
        entries.add(pa | IND_SOURCE);
    }

    /** Writes the list (terminated by DONE) and returns the head entry. */
    long write() {
        List<Long> all = new ArrayList<>(entries);
        all.add(IND_DONE);
        long head = 0;
        long page = -1;
        int slot = 0;
        for (long e : all) {
            if (page < 0 || slot == perPage - 1) {
                long next = freeIndirectionPages.remove(0);
                indirectionPages.add(next);
                mem.fill(next, 4096, (byte) 0);
                if (page < 0) {
                    head = next | IND_INDIRECTION;
                } else {
                    mem.write64(page + 8L * slot, next | IND_INDIRECTION);
                }
                page = next;
                slot = 0;
            }
            mem.write64(page + 8L * slot++, e);
        }
        return head;
    }
}
