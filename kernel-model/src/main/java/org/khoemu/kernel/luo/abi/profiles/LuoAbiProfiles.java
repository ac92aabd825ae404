// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.profiles;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.luov5.LuoV5Profile;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6Profile;
import org.khoemu.kernel.luo.abi.seedv6name64.SeedV6Name64;
import org.khoemu.kernel.luo.abi.v619.V619Profile;

import java.util.List;

/** The ABI generations khoemu knows, by name. The seed is the default. */
public final class LuoAbiProfiles {
    private LuoAbiProfiles() {
    }

    public static final LuoAbiProfile DEFAULT = SeedV6Profile.INSTANCE;

    public static List<LuoAbiProfile> all() {
        return List.of(SeedV6Profile.INSTANCE, SeedV6Name64.PROFILE, V619Profile.INSTANCE, LuoV5Profile.INSTANCE);
    }

    /** The profile called {@code name}; IllegalArgumentException naming the known ones otherwise. */
    public static LuoAbiProfile byName(String name) {
        for (LuoAbiProfile p : all()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown LUO ABI profile '" + name + "' (known: "
                + String.join(", ", all().stream().map(LuoAbiProfile::name).toList()) + ")");
    }
}
