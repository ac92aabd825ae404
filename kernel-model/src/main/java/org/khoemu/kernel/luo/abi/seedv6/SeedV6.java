// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

/**
 * Constants of the seed ABI (LUO series v6, patch 04/20 of 15 Nov 2025, plus the file array of
 * 06/20). Names are the kernel's macro names.
 */
public final class SeedV6 {
    private SeedV6() {
    }

    public static final String LUO_FDT_KHO_ENTRY_NAME = "LUO";
    public static final int LUO_FDT_SIZE = 4096;
    public static final String LUO_FDT_COMPATIBLE = "luo-v1";
    public static final String LUO_FDT_LIVEUPDATE_NUM = "liveupdate-number";
    public static final String LUO_FDT_SESSION_NODE_NAME = "luo-session";
    public static final String LUO_FDT_SESSION_COMPATIBLE = "luo-session-v1";
    public static final String LUO_FDT_SESSION_HEADER = "luo-session-header";

    /**
     * {@code LIVEUPDATE_SESSION_NAME_LENGTH} as patch 04/20 defines it. The very next patch
     * (05/20, the ioctls) raises it to 64, which the uAPI structs use; the serialized session
     * entry of this profile keeps 56 so that it is 80 bytes and 819 sessions fit, as the seed's
     * own comment says (abi-reference 1.1, 1.4, 4.4).
     */
    public static final int LIVEUPDATE_SESSION_NAME_LENGTH = 56;

    public static final int LUO_SESSION_PGCNT = 16;

    /** ((16 << 12) - 16) / 80 = 819: the block is filled exactly. */
    public static final int LUO_SESSION_MAX =
            ((LUO_SESSION_PGCNT << 12) - LuoSessionHeaderSer.SIZE) / LuoSessionSer.SIZE;

    /** {@code LIVEUPDATE_HNDL_COMPAT_LENGTH}. */
    public static final int LIVEUPDATE_HNDL_COMPAT_LENGTH = 48;

    public static final int LUO_FILE_PGCNT = 2;

    /** 8192 / 64 = 128 files per session; the array has no header. */
    public static final int LUO_FILE_MAX = (LUO_FILE_PGCNT << 12) / LuoFileSer.SIZE;
}
