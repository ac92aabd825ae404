// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.port.PhysMem;

/**
 * The raw {@code struct luo_ser} blob under KHO entry {@code LUO} (luo-v3 and later,
 * abi-reference 2.3): a compatible string inside the struct, the live-update number, and the
 * physical address of the first session block.
 */
public interface LuoSerRoot {
    /** {@code sizeof(struct luo_ser)}: what is allocated, and the {@code blob-size} KHO records. */
    int size();

    String compatible();

    /** Late init: the whole struct, in a zeroed preserved page. */
    void write(PhysMem mem, long pa, long liveupdateNumber, long sessionsPa);

    /** Reboot time: the (pre-allocated) session chain's head, 0 when there is no session. */
    void writeSessions(PhysMem mem, long pa, long sessionsPa);

    /** What the previous kernel left. */
    record Incoming(long liveupdateNumber, long sessionsPa, long flbsPa) {
    }

    /** A check the incoming blob failed, with the kernel's reason. */
    final class Invalid extends Exception {
        public Invalid(String reason) {
            super(reason);
        }
    }

    /**
     * Checks and reads the blob of {@code size} bytes (KHO's {@code blob-size}) at {@code pa}:
     * at least {@code sizeof(struct luo_ser)}, inside RAM, and the compatible equal over its
     * whole field, else {@link Invalid} (-EINVAL).
     */
    Incoming read(PhysMem mem, long pa, long size) throws Invalid;
}
