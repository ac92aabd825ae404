// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collection;

/**
 * JMH's output replaced by one line per benchmark: which one, k of N, time elapsed and an
 * estimate of what is left, then its score. JMH's own text goes to {@code jmh.log}; lines that
 * report a failure are also shown.
 */
final class Progress implements OutputFormat {
    private final PrintStream out;
    private final PrintWriter log;
    private final int total;
    private final long start;
    private int k;

    Progress(PrintStream out, PrintWriter log, int total, int done, long start) {
        this.out = out;
        this.log = log;
        this.total = total;
        this.k = done;
        this.start = start;
    }

    int done() {
        return k;
    }

    static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format("%d:%02d", s / 60, s % 60);
    }

    static String describe(BenchmarkParams p) {
        String b = p.getBenchmark();
        StringBuilder sb = new StringBuilder(b.substring(b.lastIndexOf('.') + 1));
        for (String key : p.getParamsKeys()) {
            sb.append(' ').append(key).append('=').append(p.getParam(key));
        }
        return sb.toString();
    }

    @Override
    public void startBenchmark(BenchmarkParams p) {
        long elapsed = System.nanoTime() - start;
        String left = k == 0 ? "?" : clock(elapsed / k * (total - k));
        k++;
        out.printf("[%d/%d] %s  (elapsed %s, about %s left)%n", k, total, describe(p), clock(elapsed), left);
        out.flush();
        log.println("# " + describe(p));
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result == null) {
            return;
        }
        Result<?> r = result.getPrimaryResult();
        out.printf("        %.3f ± %.3f %s%n", r.getScore(), Double.isNaN(r.getScoreError()) ? 0 : r.getScoreError(),
                r.getScoreUnit());
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams i, int n) {
    }

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult data) {
        log.println("  iteration " + n + ": " + data.getPrimaryResult());
    }

    @Override
    public void startRun() {
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        log.flush();
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
        if (s.contains("<failure>") || s.contains("Exception") || s.startsWith("ERROR")) {
            out.println("  " + s.strip());
        }
    }

    @Override
    public void flush() {
        log.flush();
        out.flush();
    }

    @Override
    public void close() {
        log.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        log.println(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) {
        log.print(new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }
}
