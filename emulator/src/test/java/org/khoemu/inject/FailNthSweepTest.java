// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.ExpectedSessions;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;
import org.khoemu.scenario.SessionRecord;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page allocation of kernel B's restore failing once: each is classified (never a khoemu
 * bug), the sweep ends on its own, and an ENOMEM that stops the restore says so.
 */
class FailNthSweepTest {
    @TempDir
    Path dir;

    @Test
    void everyAllocationOfTheRestoreFailsOnceAndIsClassified() {
        LuoAbiProfile p = LuoAbiProfiles.byName("seed-v6");
        RunReport r = new LiveUpdateScenario(new ScenarioConfig(2, 2, 12 << 10, 128L << 20, 3, 1, dir, p),
                new PrintWriter(Writer.nullWriter()), false).run();
        assertTrue(r.ok(), r.failureLine());
        List<SessionRecord> preserved = ExpectedSessions.read(dir.resolve(LiveUpdateScenario.REPORT), 1).sessions();
        for (KernelMode mode : KernelMode.values()) {
            List<FailNthSweep.Step> steps = FailNthSweep.run(dir.resolve(LiveUpdateScenario.IMAGE), p, mode, preserved,
                    FailNthSweep.MAX_N);
            assertTrue(steps.size() >= 3 && steps.size() < FailNthSweep.MAX_N, mode + ": " + steps.size() + " step(s)");
            for (int i = 0; i < steps.size(); i++) {
                FailNthSweep.Step s = steps.get(i);
                assertEquals(i + 1, s.n());
                assertNotEquals(Outcome.Kind.UNCLASSIFIED, s.outcome().kind(), mode + " n=" + s.n() + ": " + s.outcome());
                // an allocation failure is never handed back as different data without a word
                assertNotEquals(Outcome.Kind.SILENT_CORRUPTION, s.outcome().kind(), mode + " n=" + s.n() + ": " + s.outcome());
            }
            assertTrue(steps.get(0).outcome().detail().contains("ENOMEM: fail_nth: page allocation 1 "),
                    steps.get(0).outcome().toString());
        }
    }
}
