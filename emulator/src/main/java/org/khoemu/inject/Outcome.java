// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.kernel.KernelLog;
import org.khoemu.scenario.KernelBResume;
import org.khoemu.scenario.SessionDiff;
import org.khoemu.scenario.SessionRecord;
import org.khoemu.scenario.Verdict;

import java.util.List;

/**
 * What a fault led to, judged from {@code resume}'s verdict: {@code REJECTED} when kernel B
 * said no (a panic, an errno, a refused handover, a warning or error in its log);
 * {@code DETECTED} when kernel B was silent but its userspace met an errno or a session or file
 * missing, extra or renamed; {@code SILENT_CORRUPTION} when everything was handed back without
 * a word but some file's size or content differs from what kernel A preserved;
 * {@code HARMLESS} when what came back is exactly what was preserved.
 */
public record Outcome(Kind kind, String detail) {
    public enum Kind {
        REJECTED, DETECTED, HARMLESS, SILENT_CORRUPTION,
        /** No answer within the campaign's per-fault time limit: the worker running it was killed. */
        HANG,
        /** The model itself failed (an exception no kernel path raises): a bug in khoemu, reported, never hidden. */
        UNCLASSIFIED
    }

    public static Outcome of(KernelBResume r, KernelLog log, List<SessionRecord> preserved) {
        if (r.stage() != KernelBResume.Stage.RETRIEVED) {
            return new Outcome(Kind.REJECTED, r.stage().name().toLowerCase().replace('_', ' ') + ": "
                    + Verdict.printable(r.reason()));
        }
        if (!log.problems().isEmpty()) {
            return new Outcome(Kind.REJECTED, "kernel B logged: " + Verdict.printable(log.problems().get(0)));
        }
        if (!r.result().failures().isEmpty()) {
            return new Outcome(Kind.DETECTED, r.result().failures().get(0));
        }
        List<String> diffs = SessionDiff.compare(preserved, r.result().restored());
        if (diffs.isEmpty()) {
            return new Outcome(Kind.HARMLESS, "");
        }
        boolean dataOnly = diffs.stream().allMatch(d -> d.contains(": sha256 ") || d.contains(": size "));
        return new Outcome(dataOnly ? Kind.SILENT_CORRUPTION : Kind.DETECTED, diffs.get(0));
    }
}
