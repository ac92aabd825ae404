// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.inject.Campaign;
import org.khoemu.inject.CampaignPlan;
import org.khoemu.inject.CampaignReport;
import org.khoemu.inject.Fault;
import org.khoemu.inject.OutcomeChart;
import org.khoemu.inject.Outcome;
import org.khoemu.inject.Shard;
import org.khoemu.inject.WorkerPool;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code khoemu inject}: a seeded campaign of image-level faults over a clean handover's targets
 * (struct fields, FDT headers, properties and strings, the memory map's bitmaps, boot_params,
 * preserved data), each resumed by kernel B in a worker JVM and classified; one fault again by
 * its id; or the shards of a campaign merged into one report.
 */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = {"Run a seeded fault campaign over a clean handover: every target (ABI struct fields, FDT headers, "
                + "properties and strings, memory-map bitmaps, boot_params, preserved data) with every mutation that "
                + "applies; kernel B resumes each in a worker JVM and the outcome is classified. Writes faults.json, "
                + "summary.md and outcomes.png to --out. --replay ID runs one fault again; --merge joins shards.",
                "Exit 0 when every fault was classified, 1 when one was not (UNCLASSIFIED: a worker died or the model "
                        + "failed, a khoemu bug) or a file is bad, 2 for bad options."})
final class InjectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--campaign", paramLabel = "NAME", description = "The campaign: smoke, luo, fdt, memmap, boot, data, "
            + "alloc or all (default: ${DEFAULT-VALUE}).")
    String campaign = "smoke";

    @Option(names = "--faults", paramLabel = "N", description = "Faults to run, drawn by --seed from all the campaign "
            + "has (default: ${DEFAULT-VALUE}).")
    long faults = 200;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the draw and of the flipped bits (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--abi", paramLabel = "PROFILE", converter = AbiConverter.class,
            description = "ABI profile of the clean handover (default: ${DEFAULT-VALUE}).")
    String abi = LuoAbiProfiles.DEFAULT.name();

    @Option(names = "--mode", paramLabel = "MODE", description = "Kernel B's behaviour: faithful, hardened or both "
            + "(each fault run under each; default: ${DEFAULT-VALUE}).")
    String mode = "both";

    @Option(names = "--out", paramLabel = "DIR", description = "Where faults.json, summary.md, outcomes.png and the "
            + "clean handover go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("khoemu-inject");

    @Option(names = "--replay", paramLabel = "ID", description = "Run the one fault with this id (as faults.json and "
            + "summary.md give it) under --mode, in this process, and print its outcome.")
    String replay;

    @Option(names = "--jobs", paramLabel = "J", description = "Worker JVMs running faults at once "
            + "(default: the number of CPUs, ${DEFAULT-VALUE} here).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shard", paramLabel = "K/M", description = "Run only part K of M of the selected faults "
            + "(contiguous, in draw order); join the parts with --merge.")
    String shard;

    @Option(names = "--fault-timeout", paramLabel = "SECONDS", description = "A fault with no outcome after this long "
            + "is a HANG; its worker is killed and replaced (default: ${DEFAULT-VALUE}).")
    int faultTimeout = 10;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*", description = "Join the faults.json of the shards "
            + "in these directories (every K of one M, same campaign, ABI, seed, --faults and mode) into --out.")
    List<Path> merge;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bad = checkOptions();
        if (bad != null) {
            err.println("khoemu: " + bad);
            return 2;
        }
        List<String> modes = mode.equals("both") ? Campaign.MODES : List.of(mode);
        Fault one = null;
        String name = campaign;
        LuoAbiProfile profile = LuoAbiProfiles.byName(abi);
        Shard part;
        try {
            part = shard == null ? Shard.WHOLE : Shard.parse(shard);
            if (replay != null) {
                one = Fault.parse(replay);
                name = one.campaign();
                profile = LuoAbiProfiles.byName(one.profile());
            }
            CampaignPlan.byName(name);
        } catch (IllegalArgumentException e) {
            err.println("khoemu: inject: " + e.getMessage());
            return 2;
        }
        try {
            AtomicFiles.checkWritableDirectory(out);
        } catch (UncheckedIOException e) {
            err.println("khoemu: invalid value for --out: '" + out + "' (expected a directory khoemu can write: "
                    + e.getMessage() + ")");
            return 2;
        }
        if (merge != null) {
            return merge(o, err);
        }
        Path clean = out.resolve("clean");
        AtomicFiles.createDirectories(clean);
        try (Campaign c = Campaign.prepare(name, profile, clean)) {
            if (one != null) {
                return replay(c, one, modes, o, err);
            }
            List<Fault> all = c.select(faults, seed);
            List<Fault> list = part.of(all);
            List<WorkerPool.Task> tasks = new ArrayList<>();
            list.forEach(f -> modes.forEach(m -> tasks.add(new WorkerPool.Task(f, m))));
            o.printf("campaign %s, ABI %s, seed %d, mode %s: %d fault(s) of %d (%d target(s))%s, %d run(s) on %d worker(s)%n",
                    name, profile.name(), seed, mode, all.size(), c.available(), c.targets().size(),
                    part == Shard.WHOLE ? "" : ", shard " + part + ": " + list.size(), tasks.size(), jobs);
            o.flush();
            long start = System.nanoTime();
            long[] lastPrint = {start};
            List<Campaign.Result> results = new WorkerPool(c, clean, jobs, faultTimeout * 1000L, err).run(tasks, done -> {
                long now = System.nanoTime();
                synchronized (lastPrint) {
                    if (now - lastPrint[0] < 1_000_000_000L && done < tasks.size()) {
                        return;
                    }
                    lastPrint[0] = now;
                }
                double rate = done / ((now - start) / 1e9);
                err.printf("khoemu: inject: %d/%d done, %.0f runs/s, about %.0f s left%n", done, tasks.size(), rate,
                        (tasks.size() - done) / rate);
                err.flush();
            });
            double secs = (System.nanoTime() - start) / 1e9;
            CampaignReport.Header h = new CampaignReport.Header(name, profile.name(), seed, all.size(), mode,
                    part == Shard.WHOLE ? null : part.toString());
            write(h, results, o);
            o.printf("%d run(s) in %.1f s: %.0f runs/s%n", results.size(), secs, results.size() / secs);
            return unclassified(results) ? 1 : 0;
        }
    }

    private String checkOptions() {
        if (jobs < 1 || jobs > 256) {
            return "invalid value for --jobs: " + jobs + " (expected 1 to 256)";
        }
        if (faults < 1) {
            return "invalid value for --faults: " + faults + " (expected 1 or more)";
        }
        if (faultTimeout < 1) {
            return "invalid value for --fault-timeout: " + faultTimeout + " (expected 1 or more seconds)";
        }
        if (!mode.equals("both") && !Campaign.MODES.contains(mode)) {
            return "invalid value for --mode: '" + mode + "' (expected faithful, hardened or both)";
        }
        if (merge != null && (replay != null || shard != null)) {
            return "inject: --merge joins finished shards; it takes no --replay or --shard";
        }
        return null;
    }

    private int replay(Campaign c, Fault one, List<String> modes, PrintWriter o, PrintWriter err) {
        boolean bug = false;
        for (String m : modes) {
            Campaign.Result r;
            try {
                r = c.run(one, m);
            } catch (BadFieldException e) {
                err.println("khoemu: inject: " + e.getMessage());
                return 2;
            }
            o.printf("%s at 0x%x (%s): %s%n", one.id(), r.pa(), m, r.outcome().line());
            bug |= r.outcome().kind() == Outcome.Kind.UNCLASSIFIED;
        }
        return bug ? 1 : 0;
    }

    private int merge(PrintWriter o, PrintWriter err) {
        List<CampaignReport.Parsed> parts = new ArrayList<>();
        for (Path d : merge) {
            Path f = d.resolve("faults.json");
            try {
                parts.add(CampaignReport.parse(Files.readString(f), f.toString()));
            } catch (IOException e) {
                err.println("khoemu: inject --merge: cannot read " + f + ": " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                err.println("khoemu: inject --merge: " + e.getMessage());
                return 1;
            }
        }
        try {
            CampaignReport.Parsed joined = Shard.merge(merge, parts);
            write(joined.header(), joined.results(), o);
            return unclassified(joined.results()) ? 1 : 0;
        } catch (IllegalArgumentException e) {
            err.println("khoemu: inject --merge: " + e.getMessage());
            return 1;
        }
    }

    private void write(CampaignReport.Header h, List<Campaign.Result> results, PrintWriter o) {
        AtomicFiles.writeString(out.resolve("faults.json"), CampaignReport.json(h, results));
        AtomicFiles.writeString(out.resolve("summary.md"), CampaignReport.markdown(h, results));
        OutcomeChart.write(out.resolve("outcomes.png"), h, results);
        Map<Outcome.Kind, Integer> n = new EnumMap<>(Outcome.Kind.class);
        results.forEach(r -> n.merge(r.outcome().kind(), 1, Integer::sum));
        o.println(n.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
        o.printf("wrote %s, %s and %s%n", out.resolve("faults.json"), out.resolve("summary.md"), out.resolve("outcomes.png"));
    }

    private static boolean unclassified(List<Campaign.Result> results) {
        return results.stream().anyMatch(r -> r.outcome().kind() == Outcome.Kind.UNCLASSIFIED);
    }
}
