// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.khoemu.fuzz.LuoFuzzFinding;
import org.khoemu.fuzz.LuoFuzzer;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A bug planted in the model (unpreserve that forgets the handler's unpreserve, through the test
 * seam {@link LuoFiles#skipHandlerUnpreserve}) is found by the lifecycle fuzzer, and the replay id
 * it prints reproduces it alone; without the bug the same replay passes. In this package for the
 * seam; the fuzzer lives in the emulator module, next to the served machine it drives.
 */
class PlantedUnpreserveLeakTest {
    private final LuoFuzzer fuzzer = new LuoFuzzer(LuoAbiProfiles.DEFAULT, LuoUapiChecks.NEWEST);

    @AfterEach
    void unplant() {
        LuoFiles.skipHandlerUnpreserve = false;
    }

    @Test
    void theFuzzerFindsALeakingUnpreserveWithAReplayId() {
        LuoFiles.skipHandlerUnpreserve = true;
        LuoFuzzer.Summary s = fuzzer.run(7, 40, 60, (i, id, f) -> { });
        assertFalse(s.findings().isEmpty(), "the planted leak is found");
        LuoFuzzFinding first = s.findings().get(0);
        assertEquals("preserved pages leak after every session closed", first.invariant(), first.line());

        LuoFuzzFinding again = fuzzer.replay(first.replay());
        assertEquals(first, again, "the replay id reproduces the same finding");

        LuoFiles.skipHandlerUnpreserve = false;
        assertNull(fuzzer.replay(first.replay()), "without the planted bug the sequence holds");
    }
}
