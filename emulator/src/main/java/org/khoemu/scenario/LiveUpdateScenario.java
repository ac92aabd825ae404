// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The live-update scenario runner (being built). */
public final class LiveUpdateScenario {
    private final ScenarioConfig cfg;

    public LiveUpdateScenario(ScenarioConfig cfg, PrintWriter out, boolean verbose) {
        this.cfg = cfg;
    }

    public RunReport run() {
        return new RunReport(cfg, List.of(), 0, Map.of(), "not built yet");
    }
}
