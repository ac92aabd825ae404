// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.scenario.KernelBResume;
import org.khoemu.scenario.SessionDiff;
import org.khoemu.scenario.SessionRecord;
import org.khoemu.scenario.Verdict;

import java.util.List;

/**
 * What a fault led to. From {@code resume}'s verdict ({@link #of}): {@code REJECTED} when kernel
 * B said no (a panic or oops, an errno, a refused handover, a warning or error in its log);
 * {@code HANG} when one of the model's step budgets stopped it; {@code DETECTED} when kernel B
 * was silent but its userspace met an errno; {@code LEAK} when kernel B finished silently but
 * preserved memory was never reclaimed (a session or file dropped without a word: its blocks
 * stay reserved until the next reboot); {@code DETECTED} again when a session or file is
 * missing, extra or renamed; {@code SILENT_CORRUPTION} when everything was handed back without
 * a word but some file's size or content differs from what kernel A preserved; {@code HARMLESS}
 * when what came back is exactly what was preserved. From the kexec path ({@link #guestFault}):
 * {@code GUEST_FAULT} when it stopped with its error (a bad purgatory digest, a fault in
 * relocation, a power loss), {@code HANG} when its instruction or time budget ran out.
 *
 * <p>{@code findings}: what the emulator's guards reported of a faithful kernel
 * ({@link KernelLog#findings()}), whatever the class.
 */
public record Outcome(Kind kind, String detail, List<String> findings) {
    public enum Kind {
        REJECTED, DETECTED, HARMLESS, SILENT_CORRUPTION, LEAK, GUEST_FAULT, HANG,
        /** The model itself failed (an exception no kernel path raises): a bug in khoemu, reported, never hidden. */
        UNCLASSIFIED
    }

    public Outcome {
        findings = List.copyOf(findings);
    }

    /** An outcome without guard findings. */
    public Outcome(Kind kind, String detail) {
        this(kind, detail, List.of());
    }

    public static Outcome of(KernelBResume r, KernelLog log, List<SessionRecord> preserved) {
        List<String> findings = log.findings();
        if (r.stage() == KernelBResume.Stage.HUNG) {
            return new Outcome(Kind.HANG, Verdict.printable(r.reason()), findings);
        }
        if (r.stage() != KernelBResume.Stage.RETRIEVED) {
            return new Outcome(Kind.REJECTED, r.stage().name().toLowerCase().replace('_', ' ') + ": "
                    + Verdict.printable(r.reason()), findings);
        }
        if (!log.problems().isEmpty()) {
            return new Outcome(Kind.REJECTED, "kernel B logged: " + Verdict.printable(log.problems().get(0)), findings);
        }
        if (!r.result().failures().isEmpty()) {
            return new Outcome(Kind.DETECTED, r.result().failures().get(0), findings);
        }
        List<String> diffs = SessionDiff.compare(preserved, r.result().restored());
        List<KhoPreservedBlock> leaked = leaked(r);
        if (!leaked.isEmpty()) {
            long bytes = leaked.stream().mapToLong(KhoPreservedBlock::size).sum();
            return new Outcome(Kind.LEAK, String.format("%d preserved block(s) (%d KiB, the first at 0x%x) never "
                    + "reclaimed after kernel B finished%s", leaked.size(), bytes >> 10, leaked.get(0).pa(),
                    diffs.isEmpty() ? "" : "; " + diffs.get(0)), findings);
        }
        if (diffs.isEmpty()) {
            return new Outcome(Kind.HARMLESS, "", findings);
        }
        boolean dataOnly = diffs.stream().allMatch(d -> d.contains(": sha256 ") || d.contains(": size "));
        return new Outcome(dataOnly ? Kind.SILENT_CORRUPTION : Kind.DETECTED, diffs.get(0), findings);
    }

    /**
     * Preserved blocks kernel B never restored once its userspace took back and finished every
     * listed session, but for the incoming LUO FDT, which LUO keeps for the whole boot.
     */
    static List<KhoPreservedBlock> leaked(KernelBResume r) {
        long luoFdt = r.luo().incomingFdtPa();
        return r.kernel().khoIn().leakedBlocks().stream().filter(b -> b.pa() != luoFdt).toList();
    }

    /**
     * The kexec path stopped before kernel B: {@code failure} as {@code KexecOutcome} words it.
     * A budget that ran out is a hang, anything else the path's own error.
     */
    public static Outcome guestFault(String failure) {
        boolean budget = failure.contains("exceeded its budget") || failure.contains("exceeded its time budget");
        return new Outcome(budget ? Kind.HANG : Kind.GUEST_FAULT, Verdict.printable(failure));
    }

    /** {@code KIND: detail}, and the guard findings after it, as the command line prints an outcome. */
    public String line() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (!detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        findings.forEach(f -> sb.append(System.lineSeparator()).append("  ").append(KernelLog.GUARD).append(f));
        return sb.toString();
    }
}
