// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code report.json} says about a run: the configuration, each update, the final
 * live-update number, the artefacts written, and the failure if the run stopped early.
 * {@code panic} says the failure is a kernel panic: its text is then
 * {@code "kernel B panic: <the kernel's reason>"}, a line of its own rather than a failed step.
 * {@code runId} tells this run's artefacts from another's: the image sidecar carries it too.
 * {@code refusal}, when the run stopped while a kernel B judged the handover (it panicked at boot,
 * or an errno stopped its boot or its first open of /dev/liveupdate), is kernel B's own reason:
 * its panic reason, or the first line it logged as an error or warning (else the errno's
 * message); null otherwise.
 */
public record RunReport(ScenarioConfig config, List<UpdateReport> updates, long finalLiveupdateNumber,
                        Map<String, String> artefacts, String failure, boolean panic, String runId, String refusal) {
    public RunReport {
        updates = List.copyOf(updates);
        artefacts = Map.copyOf(artefacts);
    }

    public RunReport(ScenarioConfig config, List<UpdateReport> updates, long finalLiveupdateNumber,
                     Map<String, String> artefacts, String failure) {
        this(config, updates, finalLiveupdateNumber, artefacts, failure, false, null, null);
    }

    /**
     * The one stderr line for a failed run, null if none: a panic as the kernel said it, any
     * other failure as the step that failed; a mismatch points at the differences printed.
     */
    public String failureLine() {
        if (panic) {
            return "khoemu: " + failure;
        }
        if (failure != null) {
            return "khoemu: run: " + failure;
        }
        return ok() ? null : "khoemu: run: kernel B did not restore what kernel A preserved (see the differences above)";
    }

    /** True when no step failed and every update restored exactly what was preserved. */
    public boolean ok() {
        return failure == null && !updates.isEmpty() && updates.stream().allMatch(UpdateReport::match);
    }
}
