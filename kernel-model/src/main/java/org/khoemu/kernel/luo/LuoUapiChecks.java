// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6Profile;
import org.khoemu.kernel.luo.abi.seedv6name64.SeedV6Name64;
import org.khoemu.kernel.luo.abi.v619.V619Profile;

/**
 * The session-fd checks of one kernel generation, which arrived as fixes after v6.19 (the
 * serialized layouts did not change with them, so they are not part of {@link LuoAbiProfile}).
 * Checked against the 6.19.6 and 6.19.11 sources and the patches named below.
 *
 * @param sessionTypeChecked {@code luo_ioctl_type_valid}: PRESERVE_FD on an incoming (retrieved)
 *     session, RETRIEVE_FD or FINISH on an outgoing one is EINVAL before anything runs. "liveupdate:
 *     validate session type before performing operation" (Pratyush Yadav, 19 May 2026, Cc stable,
 *     Fixes 16cec0d26521); not in 6.19.6 nor 6.19.11. Without it the handler runs on memory of the
 *     wrong kernel: KHO's magic check refuses (a WARNING in the log) and the handler's errno is returned
 * @param doublePreserveRefused {@code luo_preserved_files}: a file already preserved in any session
 *     is EBUSY. "liveupdate: prevent double management of files" (Pasha Tatashin, v2 23 Mar 2026);
 *     not in 6.19.6 nor 6.19.11; which release first ships it is UNVERIFIED (a report of 24 May 2026
 *     still reproduces the double preserve on 7.0.9). Without it both tokens describe the same
 *     folios and the next kernel's second restore of them fails (see {@code MemfdLuoHandler})
 * @param retrieveFailureRemembered {@code luo_file->retrieve_status}: a failed RETRIEVE_FD returns
 *     the same errno again without calling the handler. In 6.19.11, not in 6.19.6 (a stable fix
 *     between them), where the handler's retrieve runs again
 */
public record LuoUapiChecks(String name, boolean sessionTypeChecked, boolean doublePreserveRefused,
                            boolean retrieveFailureRemembered) {
    /** Linux 6.19.6, and the seed series before it (whose file patches had none of the checks). */
    public static final LuoUapiChecks V6_19_6 = new LuoUapiChecks("6.19.6", false, false, false);
    /** The newest kernels: every check above. */
    public static final LuoUapiChecks NEWEST = new LuoUapiChecks("newest", true, true, true);

    /**
     * The checks of the kernel a profile stands for: the seed and v6.19 profiles are 6.19.6; any
     * later profile (e.g. the luo-v5 generation of June 2026) has them all.
     */
    public static LuoUapiChecks of(LuoAbiProfile profile) {
        return switch (profile.name()) {
            case SeedV6Profile.NAME, SeedV6Name64.NAME, V619Profile.NAME -> V6_19_6;
            default -> NEWEST;
        };
    }
}
