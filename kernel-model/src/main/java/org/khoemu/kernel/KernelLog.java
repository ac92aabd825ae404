// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel's printk ring: lines such as {@code "KHO: disabling KHO revival: ..."}, each with
 * its log level. Tests assert on these; the command line prints them. A line at
 * {@link Level#WARNING} or above ({@code pr_warn}, {@code pr_err}, {@code WARN}) is a
 * {@link #problems() problem}: a live update whose kernel logged one is not judged a success,
 * because that is where the kernel says it lost, dropped or distrusted something.
 */
public final class KernelLog {
    /** printk levels, most severe first, as KERN_ERR .. KERN_INFO. */
    public enum Level {
        ERR, WARNING, INFO
    }

    private record Line(Level level, String text) {
    }

    private final String kernelName;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private Consumer<String> sink = s -> { };

    public KernelLog(String kernelName) {
        this.kernelName = kernelName;
    }

    public String kernelName() {
        return kernelName;
    }

    /** Appends one informational line, e.g. {@code log.printk("KHO", "scratch areas reserved")}. */
    public void printk(String subsystem, String message) {
        printk(Level.INFO, subsystem, message);
    }

    /** {@code pr_warn}. */
    public void warn(String subsystem, String message) {
        printk(Level.WARNING, subsystem, message);
    }

    /** {@code pr_err}. */
    public void err(String subsystem, String message) {
        printk(Level.ERR, subsystem, message);
    }

    public void printk(Level level, String subsystem, String message) {
        String line = subsystem.isEmpty() ? message : subsystem + ": " + message;
        lines.add(new Line(level, line));
        sink.accept("[" + kernelName + "] " + line);
    }

    public void setSink(Consumer<String> sink) {
        this.sink = sink;
    }

    public List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    /** The lines logged at WARNING or ERR, in order. */
    public List<String> problems() {
        return lines.stream().filter(l -> l.level() != Level.INFO).map(Line::text).toList();
    }

    /** What starts every guard line, so nobody takes it for a real KASAN report. */
    public static final String GUARD = "khoemu guard: ";

    /**
     * A finding of the emulator's guards, in the manner of a KASAN report: what a kernel of the
     * {@link KernelMode#FAITHFUL} build did that the real one would have done without a word
     * ({@code "slab-out-of-bounds read in luo_session_deserialize: ..."}). Logged as a line of
     * its own and kept in {@link #findings()}; not a {@link #problems() problem}, because the
     * kernel itself said nothing.
     */
    public void guard(String bug, String function, String detail) {
        String f = "BUG: " + bug + " in " + function + ": " + detail;
        findings.add(f);
        lines.add(new Line(Level.INFO, GUARD + f));
        sink.accept("[" + kernelName + "] " + GUARD + f);
    }

    /** The guards' findings, in order, without the {@link #GUARD} prefix. */
    public List<String> findings() {
        return List.copyOf(findings);
    }

    public boolean contains(String fragment) {
        return lines.stream().anyMatch(l -> l.text().contains(fragment));
    }
}
