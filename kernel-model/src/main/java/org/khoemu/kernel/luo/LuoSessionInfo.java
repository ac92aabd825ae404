// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.SessionName;

import java.util.List;

/**
 * A report line for one session: its name (bytes, as the kernel compares them), whether it was retrieved, its {@code pgcnt} (pages
 * of its file array, as the session holds it) and its files in order.
 */
public record LuoSessionInfo(SessionName name, boolean retrieved, long pgcnt, List<LuoFileInfo> files) {
    public LuoSessionInfo {
        files = List.copyOf(files);
    }
}
