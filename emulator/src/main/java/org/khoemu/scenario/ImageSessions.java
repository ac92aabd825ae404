// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.luo.abi.SessionName;

import java.util.List;

/**
 * Sessions as the serialized session block (or a kernel's incoming list) states them. Names stay
 * bytes ({@link SessionName}), as the kernel compares them.
 */
public final class ImageSessions {
    private ImageSessions() {
    }

    /** Name, token, size and content hash of every file the block describes (size -1 if not a memfd). */
    public static List<SessionRecord> records(LuoSessionBlock block) {
        return block.sessions().stream().map(s -> new SessionRecord(SessionName.ofKernel(s.name()), s.files().stream()
                .map(f -> f.memfd() == null ? new FileRecord(f.ser().token(), -1, "")
                        : new FileRecord(f.ser().token(), f.memfd().ser().size(), f.memfd().sha256()))
                .toList())).toList();
    }

    /** What the new kernel's userspace asks for: the incoming list it deserialized, names as bytes. */
    public static List<Recovery.Expected> expected(List<LuoSessionInfo> incoming) {
        return incoming.stream().map(s -> new Recovery.Expected(s.name(),
                s.files().stream().map(f -> f.token()).toList())).toList();
    }
}
