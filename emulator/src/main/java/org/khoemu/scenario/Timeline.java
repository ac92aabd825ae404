// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.port.KexecStage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The readable run timeline: one heading per phase with its start (since the run began) and its
 * duration, then the facts about it, indented. Details added while a phase runs (kernel log
 * lines) are held until the phase ends, so the heading with its duration comes first; details
 * added after it are printed at once, under it. A failed phase is still printed, marked FAILED.
 * Start and duration are fixed-width columns before the name, so long names and long runs
 * never push a column; the details line up under the name.
 */
public final class Timeline {
    /** One finished phase. */
    public record Phase(String name, long startNanos, long nanos, boolean failed) {
    }

    private final PrintWriter out;
    private final LongSupplier clock;
    private final long t0;
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private int running;
    private Progress progress = Progress.NONE;

    public Timeline(PrintWriter out) {
        this(out, System::nanoTime);
    }

    Timeline(PrintWriter out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
        this.t0 = clock.getAsLong();
    }

    /** Tells {@code p} when each phase begins and ends. */
    public Timeline progress(Progress p) {
        this.progress = p;
        return this;
    }

    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** The name of the last phase that failed, or null. */
    public String lastFailedPhase() {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (phases.get(i).failed()) {
                return phases.get(i).name();
            }
        }
        return null;
    }

    /** Runs {@code body} as the phase {@code name}. */
    public <T> T phase(String name, Supplier<T> body) {
        long start = clock.getAsLong();
        boolean failed = true;
        running++;
        progress.begin(name);
        try {
            T v = body.get();
            failed = false;
            return v;
        } finally {
            running--;
            progress.end();
            long end = clock.getAsLong();
            Phase p = new Phase(name, start - t0, end - start, failed);
            phases.add(p);
            out.println(heading(p));
            flush();
        }
    }

    public void phase(String name, Runnable body) {
        phase(name, () -> {
            body.run();
            return null;
        });
    }

    /** A fact about the phase now running, or else about the one just printed. */
    public void detail(String format, Object... args) {
        pending.add(INDENT + String.format(Locale.ROOT, format, args));
        if (running == 0) {
            flush();
        }
    }

    /** The guest kexec stages as the machine measured them. */
    public void stages(List<KexecStage> stages) {
        for (KexecStage s : stages) {
            detail("guest %-12s %,12d instructions %10s", s.name(), s.instructions(), time(s.nanos()));
        }
    }

    /** Prints held details now (e.g. before a failure message). */
    public void flush() {
        pending.forEach(out::println);
        pending.clear();
        out.flush();
    }

    /** Start (11 columns), duration (10), two spaces: where the name and every detail begin. */
    static final String INDENT = " ".repeat(24);

    static String heading(Phase p) {
        return String.format(Locale.ROOT, "%11s %10s  %s%s", "+" + time(p.startNanos()), time(p.nanos()), p.name(),
                p.failed() ? "  FAILED" : "");
    }

    /** Milliseconds below 100 s, seconds above: at most 10 characters up to 27 hours. */
    static String time(long nanos) {
        return nanos < 100_000_000_000L ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
