// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.Progress;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code khoemu abi matrix}: one small live update for every ordered pair of profiles, kernel A
 * writing the handover with the first and kernel B reading it with the second, each on its own
 * machine and with nothing but RAM and registers crossing the kexec, judged as {@code run} judges.
 * The matrix is a report: every outcome of kernel B is a cell, and only a failure of khoemu
 * itself (kernel A or the kexec failing) stops it.
 */
public final class AbiMatrix {
    /** What kernel B made of kernel A's handover. */
    public enum Outcome {
        /** Exactly what kernel A preserved. */
        RESTORED,
        /** Kernel B would not take it: it panicked at boot or its first open failed. */
        REFUSED,
        /** Kernel B took it but restored something else, lost something or warned. */
        FINDING;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One pair: {@code reason} is kernel B's reason or the first difference, null when restored. */
    public record Cell(String kernelA, String kernelB, Outcome outcome, String reason) {
        /** {@code restored}, {@code refused: <reason>} or {@code finding: <first difference>}. */
        public String text() {
            return reason == null ? outcome.word() : outcome.word() + ": " + reason;
        }
    }

    /** The small live update each pair runs; the profiles are set per pair. */
    public record Workload(int sessions, int filesPerSession, long memfdSize, long ramBytes, long seed) {
        public static final Workload DEFAULT = new Workload(2, 1, 4096, 128L << 20, 1);
    }

    private AbiMatrix() {
    }

    /**
     * Every ordered pair of {@code profiles}, rows (kernel A) in the given order, each row's
     * columns (kernel B) likewise; {@code progress} is told each pair as it starts.
     */
    public static List<Cell> run(List<LuoAbiProfile> profiles, Workload w, Progress progress) {
        List<Cell> cells = new ArrayList<>();
        int n = profiles.size() * profiles.size();
        progress.begin("abi matrix");
        for (LuoAbiProfile a : profiles) {
            for (LuoAbiProfile b : profiles) {
                progress.rename(String.format("abi matrix: %s -> %s, pair %d of %d", a.name(), b.name(),
                        cells.size() + 1, n));
                cells.add(pair(a, b, w));
            }
        }
        progress.end();
        return cells;
    }

    /** One live update from {@code a} to {@code b}, its artefacts thrown away. */
    public static Cell pair(LuoAbiProfile a, LuoAbiProfile b, Workload w) {
        RunReport r = ScratchRun.in("khoemu-matrix", dir -> new LiveUpdateScenario(new ScenarioConfig(w.sessions(),
                w.filesPerSession(), w.memfdSize(), w.ramBytes(), w.seed(), 1, dir, a, b),
                new PrintWriter(Writer.nullWriter()), false).run());
        return judge(a.name(), b.name(), r);
    }

    /** The cell of a finished run; a run that failed short of kernel B's judgement is khoemu's failure. */
    static Cell judge(String a, String b, RunReport r) {
        if (r.ok()) {
            return new Cell(a, b, Outcome.RESTORED, null);
        }
        if (r.refusal() != null) {
            return new Cell(a, b, Outcome.REFUSED, r.refusal());
        }
        if (r.failure() != null || r.updates().isEmpty() || r.updates().get(0).differences().isEmpty()) {
            throw new IllegalStateException(a + " -> " + b + ": the live update failed before kernel B judged it: "
                    + r.failureLine());
        }
        return new Cell(a, b, Outcome.FINDING, r.updates().get(0).differences().get(0));
    }
}
