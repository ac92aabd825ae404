// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The LUO FDT's names are encoded once per generation and say what the profile says. */
class LuoFdtNamesTest {
    @Test
    void oneEncodingPerGenerationWithTheProfilesNames() {
        for (LuoAbiProfile p : LuoAbiProfiles.all()) {
            if (p.serRoot() != null) {
                continue; // a raw luo_ser blob: no LUO FDT
            }
            LuoFdt.Names n = LuoFdt.Names.of(p);
            assertSame(n, LuoFdt.Names.of(p), p.name());
            assertSame(n.sessionNode(), LuoFdt.Names.of(p).sessionNode());
            assertEquals(p.luoCompatible(), n.luoCompatible().name());
            assertEquals(p.liveupdateNumberProperty(), n.liveupdateNumber().name());
            assertEquals(p.sessionNodeName(), n.sessionNode().name());
            assertEquals(p.sessionCompatible(), n.sessionCompatible().name());
            assertEquals(p.sessionHeaderProperty(), n.sessionHeader().name());
        }
    }
}
