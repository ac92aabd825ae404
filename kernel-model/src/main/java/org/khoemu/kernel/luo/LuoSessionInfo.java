// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import java.util.List;

/** A report line for one session: its name, whether it was retrieved, and its files in order. */
public record LuoSessionInfo(String name, boolean retrieved, List<LuoFileInfo> files) {
    public LuoSessionInfo {
        files = List.copyOf(files);
    }
}
