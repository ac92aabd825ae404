// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.khoemu.kernel.kexec.KimageEntry.IND_DESTINATION;
import static org.khoemu.kernel.kexec.KimageEntry.IND_DONE;
import static org.khoemu.kernel.kexec.KimageEntry.IND_INDIRECTION;
import static org.khoemu.kernel.kexec.KimageEntry.IND_SOURCE;

/** Hand-written entry lists, good and bad; the loader's own list is walked in {@link KexecFileLoaderTest}. */
class KimageEntriesTest {
    private static final long P = 4096;
    /** 256 pages of RAM. */
    private final HeapPhysMem mem = new HeapPhysMem(256 * P);

    private void slots(long page, long... entries) {
        for (int i = 0; i < entries.length; i++) {
            mem.write64(page + 8L * i, entries[i]);
        }
    }

    private String error(long head) {
        return assertThrows(IllegalArgumentException.class, () -> KimageEntries.walk(mem, head)).getMessage();
    }

    @Test
    void fullPageLinksOnAndEmptySlotsAreSkipped() {
        // page 1: a destination, 99 sources of one page, empty slots, the link in the last slot
        mem.write64(P, 100 * P | IND_DESTINATION);
        for (int i = 1; i < 100; i++) {
            mem.write64(P + 8L * i, 2 * P | IND_SOURCE);
        }
        mem.write64(P + 8 * 511, 3 * P | IND_INDIRECTION);
        slots(3 * P, 0, 9 * P | IND_DESTINATION, 4 * P | IND_SOURCE, 5 * P | IND_SOURCE, IND_DONE, 6 * P | IND_SOURCE);
        KimageEntries e = KimageEntries.walk(mem, P | IND_INDIRECTION);
        assertEquals(List.of(P, 3 * P), e.indirectionPages());
        assertEquals(99 + 2, e.copies().size());
        assertEquals(new KimageEntries.Copy(100 * P, 2 * P), e.copies().get(0));
        assertEquals(new KimageEntries.Copy(198 * P, 2 * P), e.copies().get(98));
        assertEquals(List.of(new KimageEntries.Copy(9 * P, 4 * P), new KimageEntries.Copy(10 * P, 5 * P)),
                e.copies().subList(99, 101));
        assertEquals(5 * P + 0x123, e.sourceOf(10 * P + 0x123));
        assertEquals(-1, e.sourceOf(11 * P), "nothing after DONE counts");
    }

    @Test
    void emptyListIsDoneAtTheHead() {
        KimageEntries e = KimageEntries.walk(mem, IND_DONE);
        assertEquals(List.of(), e.copies());
        assertEquals(List.of(), e.indirectionPages());
    }

    @Test
    void laterCopyToTheSamePageWins() {
        slots(P, 8 * P | IND_DESTINATION, 2 * P | IND_SOURCE, 8 * P | IND_DESTINATION, 3 * P | IND_SOURCE, IND_DONE);
        assertEquals(3 * P, KimageEntries.walk(mem, P | IND_INDIRECTION).sourceOf(8 * P));
    }

    @Test
    void loopsAreRefused() {
        slots(P, 8 * P | IND_DESTINATION, 2 * P | IND_SOURCE, 3 * P | IND_INDIRECTION);
        slots(3 * P, P | IND_INDIRECTION);
        assertEquals("kimage entry list: indirection page 0x1000 is entered twice (the list loops)",
                error(P | IND_INDIRECTION));
    }

    @Test
    void pagesOutsideRamAreRefused() {
        assertEquals("kimage entry list: indirection page 0x100000 of entry 0x100002 lies outside RAM of 0x100000 bytes",
                error(256 * P | IND_INDIRECTION));
        slots(P, 8 * P | IND_DESTINATION, 300 * P | IND_SOURCE);
        assertEquals("kimage entry list: source page 0x12c000 of entry 0x12c008 lies outside RAM of 0x100000 bytes",
                error(P | IND_INDIRECTION));
        slots(P, 255 * P | IND_DESTINATION, 2 * P | IND_SOURCE, 3 * P | IND_SOURCE);
        assertEquals("kimage entry list: destination page 0x100000 of entry 0x3008 lies outside RAM of 0x100000 bytes",
                error(P | IND_INDIRECTION));
        assertEquals("kimage entry list: indirection page 0xfffffffffffff000 of entry 0xfffffffffffff002 lies outside "
                + "RAM of 0x100000 bytes", error(-P | IND_INDIRECTION));
    }

    @Test
    void sourceWithoutDestinationAndHeadThatIsNoPageAreRefused() {
        slots(P, 2 * P | IND_SOURCE, IND_DONE);
        assertEquals("kimage entry list: source entry 0x2008 comes before any destination", error(P | IND_INDIRECTION));
        assertEquals("kimage entry list: head entry 0x8001 is neither an indirection page nor DONE",
                error(8 * P | IND_DESTINATION));
    }

    @Test
    void pageWithoutLinkOrDoneIsRefused() {
        slots(P, 8 * P | IND_DESTINATION);
        assertEquals("kimage entry list: indirection page 0x1000 ends without a link or DONE", error(P | IND_INDIRECTION));
    }

    @Test
    void moreCopiesThanRamPagesAreRefused() {
        // two runs of 200 pages to the same place: 400 copies into a 256-page RAM
        long[] e = new long[402];
        e[0] = IND_DESTINATION;
        e[201] = IND_DESTINATION;
        for (int i = 1; i < e.length; i++) {
            e[i] = i == 201 ? e[i] : 2 * P | IND_SOURCE;
        }
        slots(P, e);
        assertEquals("kimage entry list: more than 256 source entries: more pages than RAM holds",
                error(P | IND_INDIRECTION));
    }

    @Test
    void endlessEmptySlotsAcrossPagesAreRefused() {
        // every page 2..255 links on to the next; all other slots are empty
        for (long pg = 2; pg < 255; pg++) {
            mem.write64(pg * P + 8 * 511, (pg + 1) * P | IND_INDIRECTION);
        }
        String msg = error(2 * P | IND_INDIRECTION);
        assertEquals("kimage entry list: more than 1536 entries for 256 pages of RAM", msg);
    }
}
