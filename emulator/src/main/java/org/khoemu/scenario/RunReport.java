// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code report.json} says about a run: the configuration, each update, the final
 * live-update number, the artefacts written, and the failure if the run stopped early.
 */
public record RunReport(ScenarioConfig config, List<UpdateReport> updates, long finalLiveupdateNumber,
                        Map<String, String> artefacts, String failure) {
    public RunReport {
        updates = List.copyOf(updates);
        artefacts = Map.copyOf(artefacts);
    }

    /** True when no step failed and every update restored exactly what was preserved. */
    public boolean ok() {
        return failure == null && !updates.isEmpty() && updates.stream().allMatch(UpdateReport::match);
    }
}
