// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A kho-v1 bitmap word with extra bits set (the campaign's
 * {@code kho_mem_phys_bits[2][0].word[31]:ones}) marks an order-4 block preserved over order-0
 * pages that are preserved too. Kernel B restores one of those pages (a memfd's vmalloc'd folio
 * array), then the order-4 block as a folio: the page becomes its tail (refcount 0). vfree puts
 * it, its refcount underflows and nothing is freed; when the folio is freed, the tail's nonzero
 * refcount is a {@code bad_page}: logged at error level, the folio leaked, never an exception.
 * The other order (the block restored first, then the page inside it) keeps the page a tail with
 * refcount 1: freed on its own, and the folio's free reports whichever state it finds.
 */
class BitmapBlockOverRestoredPagesTest {
    private static final long MIB = 1 << 20;
    private static final long HEAD = 8 * MIB;
    private static final long PAGE = HEAD + 2 * Folio.PAGE_SIZE;

    /** 16 MiB of RAM, the low 8 MiB free; the preserved blocks lie above. */
    private static BuddyAllocator buddy(KernelLog log) {
        HeapPhysMem mem = new HeapPhysMem(16 * MIB);
        BuddyAllocator b = new BuddyAllocator(mem, new MemMap(mem.size()), new AllocationLog(), log);
        b.freeRange(0, 8 * MIB);
        return b;
    }

    private static List<String> badPage(String reason) {
        return List.of(String.format("BUG: Bad page state in process khoemu  pfn:%05x", PAGE >>> Folio.PAGE_SHIFT),
                "page dumped because: " + reason);
    }

    @Test
    void theTailsUnderflowedRefcountIsABadPageStateAndTheFolioIsLeaked() {
        KernelLog log = new KernelLog("B");
        BuddyAllocator b = buddy(log);
        b.adoptReserved(PAGE, 0, false);  // kho_restore_pages: the folio array's page
        b.adoptReserved(HEAD, 4, true);   // kho_restore_folio: the block the bad word added
        long free = b.freePages();
        b.folioPut(new Folio(PAGE, 0));   // vfree
        assertEquals(List.of(), log.problems());
        b.folioPut(new Folio(HEAD, 4));   // the memfd released
        assertEquals(badPage("nonzero _refcount"), log.problems());
        assertEquals(free, b.freePages(), "the bad folio is not freed");
        b.checkInvariants();
        assertThrows(IllegalStateException.class, () -> b.folioPut(new Folio(HEAD, 4)),
                "a second put of the leaked folio is the model's own bug");
    }

    @Test
    void aPageRestoredInsideAnEarlierRestoredFolioStaysItsTail() {
        KernelLog log = new KernelLog("B");
        BuddyAllocator b = buddy(log);
        b.adoptReserved(HEAD, 4, true);   // the block the bad word added, restored first
        b.adoptReserved(PAGE, 0, false);  // then the page inside it: refcount 1, still a tail
        long free = b.freePages();
        b.folioPut(new Folio(HEAD, 4));
        assertEquals(badPage("nonzero _refcount"), log.problems());
        b.folioPut(new Folio(PAGE, 0));   // its last reference: freed on its own
        assertEquals(free + 1, b.freePages());
        b.checkInvariants();
    }

    @Test
    void aPageFreedOnItsOwnIsNoLongerATailWhenItsFolioIsFreed() {
        KernelLog log = new KernelLog("B");
        BuddyAllocator b = buddy(log);
        b.adoptReserved(HEAD, 4, true);
        b.adoptReserved(PAGE, 0, false);
        b.folioPut(new Folio(PAGE, 0));
        assertEquals(List.of(), log.problems());
        long free = b.freePages();
        b.folioPut(new Folio(HEAD, 4));   // not freed a second time over the page
        assertEquals(badPage("PageTail not set"), log.problems());
        assertEquals(free, b.freePages());
        b.checkInvariants();
    }

    @Test
    void aPutOfAFreePageIsStillTheModelsBug() {
        BuddyAllocator b = buddy(new KernelLog("B"));
        assertThrows(IllegalStateException.class, () -> b.folioPut(new Folio(4 * MIB, 0)));
    }
}
