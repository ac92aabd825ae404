// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.luo.abi.SessionName;

import java.util.List;

/** One LUO session by name (its bytes, as the kernel compares them), with its files in preservation order. */
public record SessionRecord(SessionName name, List<FileRecord> files) {
    public SessionRecord {
        files = List.copyOf(files);
    }

    /** A session whose name is the UTF-8 bytes of {@code text}. */
    public SessionRecord(String text, List<FileRecord> files) {
        this(SessionName.ofText(text), files);
    }
}
