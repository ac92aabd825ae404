// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.LuoEntryStore;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct luo_file_set}: a session's files in preservation order, and where their
 * {@code luo_file_ser} entries live: an outgoing session's store ({@link #out}), or the checked
 * incoming one ({@link #in}).
 */
public final class LuoFileSet {
    final List<LuoFile> files = new ArrayList<>();
    LuoEntryStore.Out out;
    LuoEntryStore.In in;

    public int count() {
        return files.size();
    }

    /** The array or first block of the files (0 until the first preserve, and after the last file is gone). */
    public long filesPa() {
        if (out != null) {
            return out.head();
        }
        return in == null || in.blocks() == 0 ? 0 : in.block(0);
    }

    LuoFile findByToken(long token) {
        for (LuoFile f : files) {
            if (f.token == token) {
                return f;
            }
        }
        return null;
    }
}
