// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.mm.Folio;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ShmemPageCacheTest {
    static ShmemFolio page(long pa, long index, int flags) {
        return new ShmemFolio(new Folio(pa, 0), index, flags);
    }

    @Test
    void singlePagesAndALargeFolioAreFoundByEveryPageTheyHold() {
        ShmemPageCache c = new ShmemPageCache();
        c.put(page(0x5000, 0, ShmemFolio.UPTODATE));
        c.put(page(0x9000, ShmemPageCache.CHUNK + 7, 0)); // the second slot array
        c.put(new ShmemFolio(new Folio(0x200000, 2), 8, ShmemFolio.DIRTY)); // pages 8..11
        assertEquals(3, c.count());
        assertEquals(0x5000, c.pageAddress(0));
        assertEquals(-1, c.pageAddress(1));
        assertEquals(0x202000, c.pageAddress(10));
        assertEquals(8, c.lookup(11).index());
        assertNull(c.lookup(12));
        assertEquals(0x9000, c.lookup(ShmemPageCache.CHUNK + 7).folio().pa());
        assertEquals(List.of(0L, 8L, (long) ShmemPageCache.CHUNK + 7), c.from(0).stream().map(ShmemFolio::index).toList());
        assertEquals(List.of(0L, 8L), c.below(ShmemPageCache.CHUNK).stream().map(ShmemFolio::index).toList());
        assertEquals(List.of(8L, (long) ShmemPageCache.CHUNK + 7), c.from(1).stream().map(ShmemFolio::index).toList());
    }

    @Test
    void flagsAddAndRemovalLeavesAHole() {
        ShmemPageCache c = new ShmemPageCache();
        c.put(page(0x5000, 3, 0));
        c.put(new ShmemFolio(new Folio(0x200000, 1), 4, 0));
        c.addFlags(3, ShmemFolio.DIRTY | ShmemFolio.UPTODATE);
        c.addFlags(5, ShmemFolio.DIRTY);
        assertEquals(ShmemFolio.DIRTY | ShmemFolio.UPTODATE, c.lookup(3).flags());
        assertEquals(ShmemFolio.DIRTY, c.lookup(4).flags());
        assertEquals(0x5000, c.remove(3).folio().pa());
        assertNull(c.lookup(3));
        assertNull(c.remove(3));
        assertEquals(2, c.remove(4).folio().nrPages());
        assertEquals(0, c.count());
    }
}
