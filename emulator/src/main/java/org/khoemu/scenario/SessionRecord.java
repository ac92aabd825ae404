// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.util.List;

/** One LUO session by name, with its files in preservation order. */
public record SessionRecord(String name, List<FileRecord> files) {
    public SessionRecord {
        files = List.copyOf(files);
    }
}
