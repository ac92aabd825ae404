// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.luo.abi.LuoV1FdtTableProfile;

/**
 * The first merged layout (v6.19, abi-reference 2.1): the same {@code luo-v1} FDT but a
 * {@code luo-session-v2} node, an 8-byte header ({@code count}), 80-byte entries with
 * {@code name[64]} and the file set embedded; file arrays and their entries as in the seed. The
 * table ({@link V619}) says all of it; without a {@code pgcnt} field, an array's pages are implied
 * by its folio.
 */
public final class V619Profile extends LuoV1FdtTableProfile {
    public static final String NAME = "v6.19";
    public static final String LUO_FDT_SESSION_COMPATIBLE = V619.LAYOUT.text("LUO_FDT_SESSION_COMPATIBLE");
    public static final V619Profile INSTANCE = new V619Profile();

    /** v6.19: luo_open returns -EIO when deserializing fails. */
    private V619Profile() {
        super(NAME, V619.LAYOUT, true);
    }
}
