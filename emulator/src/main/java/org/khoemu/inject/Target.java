// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

/**
 * One place of the clean handover a fault may hit: its name (the fault id's middle part), its
 * class for the summary ({@code luo-session}, {@code fdt-header}, ...), where it lies and how
 * its bytes are read. {@code max} and {@code past} are the boundary counts of a count field (-1
 * otherwise); {@code self} is the address of the struct holding a link (for a cycle);
 * {@code sibling} the address of another instance of the same name field (for a duplicate), -1
 * when there is none.
 */
public record Target(String name, String cls, long pa, int size, Kind kind, boolean bigEndian, long max, long past,
                     long self, long sibling, FdtSpot fdt) {
    /** Where an FDT property lives: its blob, the room the handover gives the blob, the node path and name. */
    public record FdtSpot(long blobPa, int room, String path, String prop) {
    }

    /** What the bytes mean, which decides the mutations that make sense for them. */
    public enum Kind {
        /** An integer with no special meaning (a size, an order, a flags word, an FDT header offset). */
        NUMBER,
        /** A number of entries, with a maximum the layout states. */
        COUNT,
        /** A physical address. */
        ADDRESS,
        /** A physical address that links a list (chunk {@code next}, setup_data {@code next}). */
        LINK,
        /** A NUL-terminated name in a fixed-size field or an FDT string. */
        NAME,
        /** Raw bytes: preserved data, a bitmap word, an FDT property of no known meaning. */
        BYTES,
        /** Not bytes but kernel B's page allocations during the restore ({@code max} of them): see {@link Mutation#FAIL_NTH}. */
        ALLOC
    }

    static Target plain(String name, String cls, long pa, int size, Kind kind, boolean bigEndian) {
        return new Target(name, cls, pa, size, kind, bigEndian, -1, -1, -1, -1, null);
    }

    Target withCount(long max, long past) {
        return new Target(name, cls, pa, size, Kind.COUNT, bigEndian, max, past, self, sibling, fdt);
    }

    Target withSelf(long structPa) {
        return new Target(name, cls, pa, size, kind, bigEndian, max, past, structPa, sibling, fdt);
    }

    Target withSibling(long pa2) {
        return new Target(name, cls, pa, size, kind, bigEndian, max, past, self, pa2, fdt);
    }

    Target withFdt(FdtSpot spot) {
        return new Target(name, cls, pa, size, kind, bigEndian, max, past, self, sibling, spot);
    }

    /** True when the bytes are a little- or big-endian integer of 1, 2, 4 or 8 bytes. */
    boolean isInteger() {
        return kind != Kind.NAME && kind != Kind.ALLOC && (size == 1 || size == 2 || size == 4 || size == 8);
    }
}
