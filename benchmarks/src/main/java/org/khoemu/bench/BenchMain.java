// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code khoemu bench}: runs the selected figures with their C twins and the floor through JMH
 * (each in forked JVMs), then writes {@code jmh.json}, {@code results.md} and
 * {@code charts/*.png}, and with {@code --compare} the comparison against an earlier
 * {@code jmh.json}. Exit 0, 1 (a failure, or a regression found by {@code --compare}) or 2
 * (bad options).
 */
public final class BenchMain {
    static final String JSON = "jmh.json";
    static final String TABLE = "results.md";
    static final String COMPARE = "compare.md";
    static final String CHARTS = "charts";
    static final String LOG = "jmh.log";

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (BenchOptions.BadOption e) {
            err.println("khoemu bench: " + e.getMessage());
            return 2;
        }
        if (o.help()) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        List<FigureRow> before = null;
        if (o.compare() != null) {
            try {
                before = FigureRow.of(Measurement.read(o.compare()));
            } catch (IOException e) {
                err.println("khoemu bench: " + e.getMessage());
                return 1;
            }
        }
        List<Measurement> earlier = null;
        if (o.from() != null) {
            try {
                earlier = Measurement.read(o.from());
            } catch (IOException e) {
                err.println("khoemu bench: " + e.getMessage());
                return 1;
            }
        }
        List<BenchmarkListEntry> selected = select(o.filter());
        if (selected.stream().noneMatch(e -> FigureRow.isJavaFigure(Measurement.method(e.getUsername())))) {
            err.println("khoemu bench: --filter '" + o.filter().pattern() + "' matches no figure; figures are: "
                    + String.join(", ", figures()));
            return 2;
        }
        RunPlan plan = RunPlan.of(o.profile());
        String note = "";
        if (o.abi() != null) {
            // figures (or C twins) with no equivalent under the profile are left out and named,
            // the rest measured: the run refuses only when nothing is left
            List<String> left = BenchKernel.withoutEquivalent(o.abi(), selected.stream()
                    .map(e -> Measurement.method(e.getUsername())).distinct().toList());
            if (!left.isEmpty()) {
                note = "--abi " + o.abi().name() + ": " + String.join(", ", left) + " left out: "
                        + BenchKernel.whyNoEquivalent(o.abi(), left);
                selected = selected.stream().filter(e -> !left.contains(Measurement.method(e.getUsername()))).toList();
                if (selected.stream().noneMatch(e -> FigureRow.isJavaFigure(Measurement.method(e.getUsername())))) {
                    err.println("khoemu bench: " + note + "; nothing else selected");
                    return 2;
                }
                out.println("khoemu bench: " + note);
            }
            plan = plan.withAbi(o.abi(), declared(selected));
        }
        try {
            Files.createDirectories(o.out().resolve(CHARTS));
        } catch (IOException e) {
            err.println("khoemu bench: cannot create " + o.out() + ": " + e.getMessage());
            return 1;
        }
        String command = "khoemu bench " + String.join(" ", args);
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Measurement> results = earlier;
        if (o.from() != null) {
            command = "khoemu bench (measured by an earlier run: " + o.from() + ")";
            date = "redrawn " + date;
        }
        try {
            if (results == null) {
                results = measure(selected, plan, o.out(), out);
            }
        } catch (RunnerException | IOException | RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            err.println("khoemu bench: the benchmark run failed: " + oneLine(t) + " (details in " + o.out().resolve(LOG) + ")");
            return 1;
        }
        List<FigureRow> rows = FigureRow.of(results);
        String heading = "# khoemu bench\n\n`" + command + "`, " + date + ", " + HostInfo.describe() + "\n\n"
                + (note.isEmpty() ? "" : note + ".\n\n");
        try {
            Files.writeString(o.out().resolve(TABLE), ResultsTable.markdown(rows, results, heading));
            List<Path> charts = Charts.write(rows, o.out().resolve(CHARTS));
            out.println();
            out.print(ResultsTable.markdown(rows, results, ""));
            out.printf("%nwrote %s%s and %d chart(s) in %s%n", earlier == null ? o.out().resolve(JSON) + ", " : "",
                    o.out().resolve(TABLE), charts.size(), o.out().resolve(CHARTS));
            if (before != null) {
                List<Compare.Line> lines = Compare.compare(rows, before);
                String md = Compare.markdown(lines, "# khoemu bench --compare " + o.compare() + "\n\n");
                Files.writeString(o.out().resolve(COMPARE), md);
                out.println();
                out.print(md);
                long regressed = lines.stream().filter(l -> l.verdict() == Compare.Verdict.REGRESSED).count();
                if (regressed > 0) {
                    err.println("khoemu bench: " + regressed + " figure(s) regressed against " + o.compare());
                    return 1;
                }
            }
        } catch (IOException e) {
            err.println("khoemu bench: cannot write the results: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).lines().findFirst().orElse("");
    }

    private static List<BenchmarkListEntry> all() {
        return new ArrayList<>(BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()));
    }

    static List<String> figures() {
        return all().stream().map(e -> Measurement.method(e.getUsername())).filter(FigureRow::isJavaFigure)
                .distinct().sorted().toList();
    }

    /** The figures {@code filter} finds by name, their C twins, and the floor; ordered by name. */
    static List<BenchmarkListEntry> select(Pattern filter) {
        List<BenchmarkListEntry> all = all();
        List<String> figures = all.stream().map(e -> Measurement.method(e.getUsername()))
                .filter(FigureRow::isJavaFigure).filter(m -> filter == null || filter.matcher(m).find()).toList();
        return all.stream().filter(e -> {
            String m = Measurement.method(e.getUsername());
            return figures.contains(m) || m.equals(FigureRow.FLOOR) || m.equals(FigureRow.JNA)
                    || (m.endsWith(FigureRow.TWIN) && figures.contains(m.substring(0, m.length() - FigureRow.TWIN.length())));
        }).sorted((a, b) -> a.getUsername().compareTo(b.getUsername())).toList();
    }

    /** The values each parameter of the selected benchmarks declares, by name. */
    private static Map<String, java.util.Set<String>> declared(List<BenchmarkListEntry> selected) {
        Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        for (BenchmarkListEntry e : selected) {
            if (e.getParams().hasValue()) {
                e.getParams().get().forEach((k, v) -> out.computeIfAbsent(k, x -> new java.util.TreeSet<>())
                        .addAll(List.of(v)));
            }
        }
        return out;
    }

    private static int combinations(BenchmarkListEntry e, RunPlan plan) {
        int n = 1;
        if (e.getParams().hasValue()) {
            for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
                n *= plan.values(p.getKey(), p.getValue());
            }
        }
        return n;
    }

    private static List<Measurement> measure(List<BenchmarkListEntry> selected, RunPlan plan, Path dir, PrintStream out)
            throws RunnerException, IOException {
        List<BenchmarkListEntry> live = selected.stream().filter(e -> e.getUserClassQName().equals(LiveUpdate.class.getName())).toList();
        List<BenchmarkListEntry> micro = selected.stream().filter(e -> !live.contains(e)).toList();
        int total = selected.stream().mapToInt(e -> combinations(e, plan)).sum();
        JsonArray merged = new JsonArray();
        long start = System.nanoTime();
        int done = 0;
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve(LOG), StandardCharsets.UTF_8))) {
            for (List<BenchmarkListEntry> group : List.of(micro, live)) {
                if (group.isEmpty()) {
                    continue;
                }
                Path json = dir.resolve(group == live ? "jmh-live.json" : "jmh-micro.json");
                ChainedOptionsBuilder b = new OptionsBuilder().resultFormat(ResultFormatType.JSON).result(json.toString());
                group.forEach(e -> b.include("^" + Pattern.quote(e.getUsername()) + "$"));
                plan.apply(b, group == live);
                Progress progress = new Progress(out, log, total, done, start);
                new Runner(b.build(), progress).run();
                done = progress.done();
                merged.addAll(JsonParser.parseString(Files.readString(json)).getAsJsonArray());
                Files.delete(json);
            }
        }
        Path json = dir.resolve(JSON);
        Files.writeString(json, new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(merged));
        out.printf("all %d benchmarks done in %s%n", total, Progress.clock(System.nanoTime() - start));
        return Measurement.read(json);
    }
}
