// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short lifecycle-fuzz campaign finds nothing in the model with the newest session-fd checks,
 * and really reached kexecs and compared retrieved files (a campaign that never got there would
 * pass for nothing). The longer campaigns are {@code khoemu fuzz-luo}.
 */
class LuoFuzzSmokeTest {
    @Test
    void threeHundredSequencesFindNothing() {
        LuoFuzzer.Summary s = new LuoFuzzer(LuoAbiProfiles.DEFAULT, LuoUapiChecks.NEWEST).run(1, 300, 60, (i, id, f) -> { });
        assertEquals("", s.findings().stream().map(LuoFuzzFinding::line).collect(Collectors.joining("\n")));
        assertTrue(s.kexecs() >= 50, "kexecs: " + s.kexecs());
        assertTrue(s.verified() >= 20, "retrieved files compared: " + s.verified());
    }

    @Test
    void replayIdsRoundTripAndBadOnesAreNamed() {
        ReplayId id = new ReplayId(0xfedcba9876543210L, 17);
        assertEquals("fedcba9876543210:17", id.toString());
        assertEquals(id, ReplayId.parse(id.toString()));
        for (String bad : new String[] {"", "17", "abc:", ":5", "xyz:5", "abc:-1", "abc:1x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayId.parse(bad));
            assertTrue(e.getMessage().contains("SEED:LENGTH"), e.getMessage());
        }
    }
}
