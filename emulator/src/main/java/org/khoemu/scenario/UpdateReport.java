// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.port.KexecStage;

import java.util.List;

/**
 * One live update: what kernel A preserved, what kernel B restored, where the handover data
 * sat, the guest kexec stages, and every difference between the two sides (empty when equal).
 */
public record UpdateReport(int number, long liveupdateNumber, HandoverAddresses addresses,
                           List<SessionRecord> preserved, List<SessionRecord> restored,
                           List<KexecStage> stages, List<String> differences) {
    public UpdateReport {
        preserved = List.copyOf(preserved);
        restored = List.copyOf(restored);
        stages = List.copyOf(stages);
        differences = List.copyOf(differences);
    }

    public boolean match() {
        return differences.isEmpty();
    }
}
