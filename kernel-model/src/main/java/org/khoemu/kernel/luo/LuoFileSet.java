// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct luo_file_set}: a session's files in preservation order, and the physical
 * address of its {@code luo_file_ser} array (0 until the first preserve, and again after the
 * last file is gone).
 */
public final class LuoFileSet {
    final List<LuoFile> files = new ArrayList<>();
    long filesPa;

    public int count() {
        return files.size();
    }

    public long filesPa() {
        return filesPa;
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
