// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.mm.Folio;

/**
 * A folio in a shmem file's page cache: the RAM block, its page offset in the file and the
 * page-cache flags the memfd handler preserves.
 */
public final class ShmemFolio {
    public static final int DIRTY = 1;
    public static final int UPTODATE = 1 << 1;

    private Folio folio;
    private final long index;
    private int flags;

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

    void markDirty() {
        flags |= DIRTY | UPTODATE;
    }

    void replace(Folio newFolio) {
        folio = newFolio;
    }
}
