// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class WorkloadPlanTest {
    static ScenarioConfig cfg(long seed, long size) {
        return new ScenarioConfig(2, 2, size, 1L << 30, seed, 2, Path.of("x"), org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles.DEFAULT);
    }

    @Test
    void namesAndTokensPerGeneration() {
        WorkloadPlan g1 = new WorkloadPlan(cfg(1, 4096), 1);
        WorkloadPlan g2 = new WorkloadPlan(cfg(1, 4096), 2);
        assertEquals("session-3", g1.sessionName(3));
        assertEquals("gen2-session-3", g2.sessionName(3));
        assertEquals(0x100_0030_0001L, g1.token(3, 1));
        assertEquals(0x200_0000_0000L, g2.token(0, 0));
    }

    @Test
    void contentIsSeededAndDiffersPerFileAndSeed() {
        byte[] a = new WorkloadPlan(cfg(1, 5000), 1).content(0, 0);
        assertEquals(5000, a.length);
        assertArrayEquals(a, new WorkloadPlan(cfg(1, 5000), 1).content(0, 0));
        assertFalse(Arrays.equals(a, new WorkloadPlan(cfg(1, 5000), 1).content(0, 1)));
        assertFalse(Arrays.equals(a, new WorkloadPlan(cfg(2, 5000), 1).content(0, 0)));
        assertFalse(Arrays.equals(a, new byte[5000]));
    }

    @Test
    void sha256OfKnownInput() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                WorkloadPlan.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
