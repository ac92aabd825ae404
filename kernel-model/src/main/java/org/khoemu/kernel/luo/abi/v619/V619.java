// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;

/**
 * The v6.19 layout table (abi-reference 2.1): the seed's {@code luo-v1} FDT and file arrays, a
 * {@code luo-session-v2} node, an 8-byte header and 80-byte entries with {@code name[64]} and the
 * file set embedded.
 */
public final class V619 {
    private V619() {
    }

    private static final String SESSION_COMPAT = "LUO_FDT_SESSION_COMPATIBLE";
    private static final int NAME_LENGTH = 64;

    public static final AbiStruct LUO_SESSION_HEADER_SER = AbiStruct.packed("luo_session_header_ser", SESSION_COMPAT,
                    "at offset 0 of the session block; pgcnt dropped, the folio says the size")
            .u64("count", "luo_session_ser entries that follow")
            .build();

    public static final AbiStruct LUO_FILE_SET_SER = AbiStruct.packed("luo_file_set_ser", SESSION_COMPAT,
                    "the files of one session")
            .u64("files", "phys of the 128-entry luo_file_ser array, 0 if empty")
            .u64("count", "files in the array")
            .build();

    public static final AbiStruct LUO_SESSION_SER = AbiStruct.packed("luo_session_ser", SESSION_COMPAT,
                    "one session, entry i at block offset sizeof(header) + i * sizeof(entry)")
            .chars("name", NAME_LENGTH, "session name, NUL-terminated")
            .embed("file_set_ser", LUO_FILE_SET_SER, "the session's files")
            .build();

    public static final AbiLayout LAYOUT = SeedV6.luoV1Fdt("v6.19", "luo-session-v2",
            LUO_SESSION_HEADER_SER, LUO_FILE_SET_SER, LUO_SESSION_SER);
}
