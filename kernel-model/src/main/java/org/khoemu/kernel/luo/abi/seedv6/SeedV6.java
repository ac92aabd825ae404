// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.v1.KhoV1Layout;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;

/**
 * The seed ABI's layout table (LUO series v6, patch 04/20 of 15 Nov 2025, plus the file array of
 * 06/20; abi-reference 1.1-1.5). The record classes of this package and the profile read their
 * positions from {@link #LAYOUT}; the constants below keep the kernel's macro names.
 */
public final class SeedV6 {
    private SeedV6() {
    }

    private static final int PAGE_SIZE = 4096;
    private static final String SESSION_COMPAT = "LUO_FDT_SESSION_COMPATIBLE";

    /** {@code LIVEUPDATE_HNDL_COMPAT_LENGTH}. */
    private static final int HNDL_COMPAT_LENGTH = 48;

    /**
     * {@code struct luo_file_ser}: unchanged from the seed through v6.19, so the later profiles
     * share this entry.
     */
    public static final AbiStruct LUO_FILE_SER = AbiStruct.packed("luo_file_ser", SESSION_COMPAT,
                    "one preserved file; a session's array has no header")
            .chars("compatible", HNDL_COMPAT_LENGTH, "handler compatible, NUL-terminated, e.g. memfd-v1")
            .u64("data", "the handler's opaque u64 (memfd: phys of its memfd_luo_ser)")
            .u64("token", "the user's token from LIVEUPDATE_SESSION_PRESERVE_FD")
            .build();

    /**
     * What the seed, seed-name64 and v6.19 share: the {@code luo-v1} FDT names, the session
     * block's page count, the file arrays and the memfd handler's structs, on kho-v1.
     */
    public static final AbiLayout LUO_V1_FDT = AbiLayout.of("luo-v1")
            .text("LUO_FDT_KHO_ENTRY_NAME", "LUO", "child of the KHO root FDT holding the LUO FDT")
            .number("LUO_FDT_SIZE", PAGE_SIZE, "bytes allocated and preserved for the LUO FDT")
            .text("LUO_FDT_COMPATIBLE", "luo-v1", "compatible of the LUO FDT's root node")
            .text("LUO_FDT_LIVEUPDATE_NUM", "liveupdate-number", "root property: raw native-endian u64 counter")
            .text("LUO_FDT_SESSION_NODE_NAME", "luo-session", "child node locating the session block")
            .text("LUO_FDT_SESSION_HEADER", "luo-session-header",
                    "session node property: raw native-endian u64 phys of the session block")
            .number("LUO_SESSION_PGCNT", 16, "pages of the session block (one order-4 folio)")
            .number("LIVEUPDATE_HNDL_COMPAT_LENGTH", HNDL_COMPAT_LENGTH, "bytes of luo_file_ser.compatible")
            .number("LUO_FILE_PGCNT", 2, "pages of one session's file array")
            .number("LUO_FILE_MAX", (2L * PAGE_SIZE) / LUO_FILE_SER.size(), "LUO_FILE_PGCNT pages / sizeof(luo_file_ser)")
            .text("MEMFD_LUO_FH_COMPATIBLE", MemfdLuoSer.COMPATIBLE, "compatible of the memfd file handler")
            .struct(LUO_FILE_SER).struct(MemfdLuoSer.STRUCT).struct(MemfdLuoFolioSer.STRUCT)
            .include(KhoV1Layout.LAYOUT)
            .build();

    /**
     * {@code LIVEUPDATE_SESSION_NAME_LENGTH} as patch 04/20 defines it. The very next patch
     * (05/20, the ioctls) raises it to 64, which the uAPI structs use; the serialized session
     * entry of this profile keeps 56 so that it is 80 bytes and 819 sessions fit, as the seed's
     * own comment says (abi-reference 1.1, 1.4, 4.4).
     */
    private static final int NAME_LENGTH = 56;

    public static final AbiStruct LUO_SESSION_HEADER_SER = AbiStruct.packed("luo_session_header_ser", SESSION_COMPAT,
                    "at offset 0 of the session block")
            .u64("pgcnt", "pages of the block, 16, written at setup and never read back")
            .u64("count", "luo_session_ser entries that follow, written at serialize time")
            .build();

    public static final AbiStruct LUO_SESSION_SER = AbiStruct.packed("luo_session_ser", SESSION_COMPAT,
                    "one session, entry i at block offset sizeof(header) + i * sizeof(entry)")
            .chars("name", NAME_LENGTH, "session name, NUL-terminated")
            .u64("files", "phys of the session's luo_file_ser array, 0 if none")
            .u64("pgcnt", "pages of that array")
            .u64("count", "files in the session")
            .build();

    public static final AbiLayout LAYOUT = luoV1Fdt("seed-v6", "luo-session-v1", LUO_SESSION_HEADER_SER, LUO_SESSION_SER);

    /**
     * A {@code luo-v1} FDT generation: {@link #LUO_V1_FDT} plus its session node's compatible
     * and session structs (the entry last), with {@code LUO_SESSION_MAX} derived from them.
     */
    public static AbiLayout luoV1Fdt(String profile, String sessionCompatible, AbiStruct... sessionStructs) {
        AbiStruct header = sessionStructs[0];
        AbiStruct entry = sessionStructs[sessionStructs.length - 1];
        AbiLayout.Builder b = AbiLayout.of(profile);
        for (AbiStruct s : sessionStructs) {
            b.struct(s);
        }
        return b.include(LUO_V1_FDT)
                .text(SESSION_COMPAT, sessionCompatible, "compatible of the luo-session node")
                .number("LIVEUPDATE_SESSION_NAME_LENGTH", entry.sizeOf("name"), "bytes of luo_session_ser.name")
                .number("LUO_SESSION_MAX", (LUO_V1_FDT.number("LUO_SESSION_PGCNT") * (long) PAGE_SIZE - header.size())
                        / entry.size(), "(LUO_SESSION_PGCNT pages - sizeof(header)) / sizeof(luo_session_ser)")
                .build();
    }

    public static final String LUO_FDT_KHO_ENTRY_NAME = LAYOUT.text("LUO_FDT_KHO_ENTRY_NAME");
    public static final int LUO_FDT_SIZE = LAYOUT.number("LUO_FDT_SIZE");
    public static final String LUO_FDT_COMPATIBLE = LAYOUT.text("LUO_FDT_COMPATIBLE");
    public static final String LUO_FDT_LIVEUPDATE_NUM = LAYOUT.text("LUO_FDT_LIVEUPDATE_NUM");
    public static final String LUO_FDT_SESSION_NODE_NAME = LAYOUT.text("LUO_FDT_SESSION_NODE_NAME");
    public static final String LUO_FDT_SESSION_COMPATIBLE = LAYOUT.text(SESSION_COMPAT);
    public static final String LUO_FDT_SESSION_HEADER = LAYOUT.text("LUO_FDT_SESSION_HEADER");
    public static final int LIVEUPDATE_SESSION_NAME_LENGTH = LAYOUT.number("LIVEUPDATE_SESSION_NAME_LENGTH");
    public static final int LUO_SESSION_PGCNT = LAYOUT.number("LUO_SESSION_PGCNT");
    /** ((16 << 12) - 16) / 80 = 819: the block is filled exactly. */
    public static final int LUO_SESSION_MAX = LAYOUT.number("LUO_SESSION_MAX");
    public static final int LIVEUPDATE_HNDL_COMPAT_LENGTH = LAYOUT.number("LIVEUPDATE_HNDL_COMPAT_LENGTH");
    public static final int LUO_FILE_PGCNT = LAYOUT.number("LUO_FILE_PGCNT");
    /** 8192 / 64 = 128 files per session; the array has no header. */
    public static final int LUO_FILE_MAX = LAYOUT.number("LUO_FILE_MAX");
}
