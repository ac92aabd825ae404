// SPDX-License-Identifier: GPL-2.0-or-later
import org.khoemu.scenario.ScenarioConfig;
import org.khoemu.scenario.WorkloadPlan;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the memfd contents khoemu's run would preserve (WorkloadPlan of generation 1) as
 * DIR/session-<i>-0.bin, so the real kernel's workload preserves the same bytes.
 * Run: java -cp emulator/target/khoemu.jar conformance/workload/WorkloadFiles.java DIR SESSIONS SEED SIZE
 */
public class WorkloadFiles {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        int sessions = Integer.parseInt(a[1]);
        ScenarioConfig d = ScenarioConfig.defaults();
        ScenarioConfig cfg = new ScenarioConfig(sessions, 1, Long.parseLong(a[3]), d.ramBytes(), Long.parseLong(a[2]),
                d.updates(), d.outDir(), d.abi());
        WorkloadPlan plan = new WorkloadPlan(cfg, 1);
        Files.createDirectories(dir);
        for (int i = 0; i < sessions; i++) {
            byte[] c = plan.content(i, 0);
            Files.write(dir.resolve("session-" + i + "-0.bin"), c);
            System.out.println("session-" + i + " token 0x" + Long.toHexString(plan.token(i, 0)) + " sha256 "
                    + WorkloadPlan.sha256(c));
        }
    }
}
