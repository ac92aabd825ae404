// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6name64;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoV1FdtTableProfile;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;

/**
 * The seed series once patch 05/20 raised {@code LIVEUPDATE_SESSION_NAME_LENGTH} to 64
 * (abi-reference 1.4): the seed's FDT, {@code luo-session-v1} node and 16-byte header, but
 * 88-byte entries ({@code name[64]}, {@code files}, {@code pgcnt}, {@code count}), so
 * {@code LUO_SESSION_MAX} = 65520 / 88 = 744. The series did not bump the session compatible for
 * it, which {@code khoemu abi diff seed-v6 seed-v6-name64} reports as an error.
 */
public final class SeedV6Name64 {
    private SeedV6Name64() {
    }

    public static final String NAME = "seed-v6-name64";

    public static final AbiStruct LUO_SESSION_SER = AbiStruct.packed("luo_session_ser", "LUO_FDT_SESSION_COMPATIBLE",
                    "one session, entry i at block offset sizeof(header) + i * sizeof(entry)")
            .chars("name", 64, "session name, NUL-terminated")
            .u64("files", "phys of the session's luo_file_ser array, 0 if none")
            .u64("pgcnt", "pages of that array")
            .u64("count", "files in the session")
            .build();

    public static final AbiLayout LAYOUT = SeedV6.luoV1Fdt(NAME, SeedV6.LUO_FDT_SESSION_COMPATIBLE,
            SeedV6.LUO_SESSION_HEADER_SER, LUO_SESSION_SER);

    /** Like the seed, luo_open ignores a failed deserialize. */
    public static final LuoAbiProfile PROFILE = new LuoV1FdtTableProfile(NAME, LAYOUT, false);
}
