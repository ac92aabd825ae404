// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

/**
 * The kimage entry list ({@code kimage_entry_t}): a page address with a flag in the low bits.
 * Indirection pages hold 512 entries; the last slot of a full page links the next page.
 */
public final class KimageEntry {
    public static final long IND_DESTINATION = 0x1;
    public static final long IND_INDIRECTION = 0x2;
    public static final long IND_DONE = 0x4;
    public static final long IND_SOURCE = 0x8;
    /** Entries per indirection page (4096 / 8). */
    public static final int ENTRIES_PER_PAGE = 512;

    private KimageEntry() {
    }
}
