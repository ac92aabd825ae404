// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.luo.abi.LuoV1FdtTableProfile;

/**
 * The seed layout (abi-reference section 1): {@code luo-v1} FDT with a {@code luo-session-v1}
 * node, a 16-page session block with a 16-byte {@code {pgcnt, count}} header and 80-byte
 * entries with {@code name[56]}, and 2-page, 128-entry file arrays. The table ({@link SeedV6})
 * says all of it; the session header and entries are read and written from it.
 */
public final class SeedV6Profile extends LuoV1FdtTableProfile {
    public static final String NAME = "seed-v6";
    public static final SeedV6Profile INSTANCE = new SeedV6Profile();

    /** seed 002: luo_open does not look at luo_session_deserialize's result. */
    private SeedV6Profile() {
        super(NAME, SeedV6.LAYOUT, false);
    }
}
