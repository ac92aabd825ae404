// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.mm.Folio;

/**
 * A folio in a shmem file's page cache, as a value: the RAM block, its page offset in the file and
 * the page-cache flags the memfd handler preserves. Changes go through the file's
 * {@link ShmemPageCache}.
 */
public final class ShmemFolio {
    public static final int DIRTY = 1;
    public static final int UPTODATE = 1 << 1;

    private final Folio folio;
    private final long index;
    private final int flags;

    ShmemFolio(Folio folio, long index, int flags) {
        this.folio = folio;
        this.index = index;
        this.flags = flags;
    }

    public Folio folio() {
        return folio;
    }

    /** Page offset of the folio's first page in the file. */
    public long index() {
        return index;
    }

    public int flags() {
        return flags;
    }
}
