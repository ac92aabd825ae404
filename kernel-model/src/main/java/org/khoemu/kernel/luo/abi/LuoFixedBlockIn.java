// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.kho.KhoIncoming;

/** An incoming list of the seed family: one block (or none, {@code pa} 0) freed as one folio. */
public record LuoFixedBlockIn(long pa, int perBlock, int blockBytes, int count, long pages) implements LuoEntryStore.In {
    @Override public int blocks() { return pa == 0 ? 0 : 1; }
    @Override public long block(int b) { return pa; }
    @Override public int count(int b) { return count; }
    @Override public long entries() { return pa == 0 ? 0 : count; }

    @Override
    public void free(KhoIncoming kho) {
        if (pa != 0) {
            kho.restoreFree(pa);
        }
    }
}
