// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.luo.abi.v619.V619Profile;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * With 6.19.6's rules the fuzzer finds 6.19.6's own leak: FINISH on an outgoing session is
     * accepted, runs the memfd finish on memory KHO still tracks as outgoing, and those pages
     * stay preserved. The replay's trace shows the FINISH that did it.
     */
    @Test
    void with6196RulesItFindsTheLeakOfFinishOnAnOutgoingSession() {
        LuoFuzzer f = new LuoFuzzer(V619Profile.INSTANCE, LuoUapiChecks.V6_19_6);
        LuoFuzzFinding leak = f.run(1, 60, 60, (i, id, x) -> { }).findings().stream()
                .filter(x -> x.invariant().equals("preserved pages leak after every session closed"))
                .findFirst().orElseThrow();
        List<String> trace = new ArrayList<>();
        assertEquals(leak, f.replay(leak.replay(), trace::add));
        assertTrue(trace.stream().anyMatch(l -> l.contains(" FINISH [") && l.endsWith("outgoing: 0")), String.join("\n", trace));
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
