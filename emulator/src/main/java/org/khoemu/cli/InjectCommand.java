// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.inject.Campaign;
import org.khoemu.inject.CampaignReport;
import org.khoemu.inject.Fault;
import org.khoemu.inject.Outcome;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.AtomicFiles;
import org.khoemu.scenario.LiveUpdateScenario;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code khoemu inject}: a seeded campaign of image-level faults (every field of every table
 * struct of a clean handover, set to 0, all-ones, +1 or one bit flipped), each resumed by
 * kernel B on a fresh copy of the clean RAM and classified; or one fault again by its id.
 */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = {"Run a seeded fault campaign over a clean handover's fields (0, all-ones, +1, one bit flipped), "
                + "resume kernel B on each and classify it REJECTED, DETECTED, HARMLESS or SILENT_CORRUPTION; "
                + "write faults.json and summary.md to --out. --replay ID runs one fault again.",
                "Exit 0 when every fault was classified, 1 when the model failed on one (UNCLASSIFIED, a khoemu bug)."})
final class InjectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--campaign", paramLabel = "NAME", description = "The campaign: smoke (default: ${DEFAULT-VALUE}).")
    String campaign = "smoke";

    @Option(names = "--faults", paramLabel = "N", description = "Faults to run, drawn by --seed from all there are "
            + "(default: ${DEFAULT-VALUE}).")
    int faults = 200;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the draw and of the flipped bits (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--abi", paramLabel = "PROFILE", converter = AbiConverter.class,
            description = "ABI profile of the clean handover (default: ${DEFAULT-VALUE}).")
    String abi = LuoAbiProfiles.DEFAULT.name();

    @Option(names = "--out", paramLabel = "DIR", description = "Where faults.json, summary.md and the clean handover go "
            + "(default: ${DEFAULT-VALUE}).")
    Path out = Path.of("khoemu-inject");

    @Option(names = "--replay", paramLabel = "ID", description = "Run the one fault with this id (as faults.json and "
            + "summary.md give it) and print its outcome.")
    String replay;

    @picocli.CommandLine.Mixin
    KernelModeOption mode;

    @Option(names = "--jobs", paramLabel = "J", description = "Faults run at once, each on its own machine "
            + "(default: the number of CPUs, ${DEFAULT-VALUE} here).")
    int jobs = Runtime.getRuntime().availableProcessors();

    /**
     * Runs the faults on {@code jobs} threads (each fault has its own machine, nothing is shared
     * but the read-only clean image), keeping the list's order; progress every 50 faults.
     */
    private List<Campaign.Result> runAll(Campaign c, List<Fault> list, PrintWriter err) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Campaign.Result>> futures = new ArrayList<>();
            list.forEach(f -> futures.add(pool.submit(() -> c.run(f, mode.mode))));
            List<Campaign.Result> results = new ArrayList<>();
            long start = System.nanoTime();
            for (Future<Campaign.Result> fu : futures) {
                try {
                    results.add(fu.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
                if (results.size() % 50 == 0 || results.size() == list.size()) {
                    double rate = results.size() / ((System.nanoTime() - start) / 1e9);
                    err.printf("khoemu: inject: %d/%d done, %.0f faults/s, about %.0f s left%n", results.size(),
                            list.size(), rate, (list.size() - results.size()) / rate);
                    err.flush();
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1 || jobs > 256) {
            err.println("khoemu: invalid value for --jobs: " + jobs + " (expected 1 to 256)");
            return 2;
        }
        if (faults < 1) {
            err.println("khoemu: invalid value for --faults: " + faults + " (expected 1 or more)");
            return 2;
        }
        Fault one = null;
        String name = campaign;
        LuoAbiProfile profile = LuoAbiProfiles.byName(abi);
        try {
            if (replay != null) {
                one = Fault.parse(replay);
                name = one.campaign();
                profile = LuoAbiProfiles.byName(one.profile());
            }
            if (!Campaign.NAMES.contains(name)) {
                throw new BadFieldException("no campaign '" + name + "': there is " + String.join(", ", Campaign.NAMES));
            }
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
        Path clean = out.resolve("clean");
        AtomicFiles.createDirectories(clean);
        Campaign c = Campaign.prepare(name, profile, clean);
        if (one != null) {
            Campaign.Result r;
            try {
                r = c.run(one, mode.mode);
            } catch (BadFieldException e) {
                err.println("khoemu: inject: " + e.getMessage());
                return 2;
            }
            o.printf("%s at 0x%x: %s%n", one.id(), r.pa(), r.outcome().line());
            return r.outcome().kind() == Outcome.Kind.UNCLASSIFIED ? 1 : 0;
        }
        List<Fault> list = c.select(faults, seed);
        o.printf("campaign %s, ABI %s, seed %d: %d fault(s) of %d (%d field(s) x %d mutations)%n", name, profile.name(),
                seed, list.size(), c.targetCount() * org.khoemu.inject.Mutation.values().length, c.targetCount(),
                org.khoemu.inject.Mutation.values().length);
        List<Campaign.Result> results = runAll(c, list, err);
        AtomicFiles.writeString(out.resolve("faults.json"), CampaignReport.json(name, profile.name(), seed, results));
        AtomicFiles.writeString(out.resolve("summary.md"), CampaignReport.markdown(name, profile.name(), seed, results));
        Map<Outcome.Kind, Integer> n = new EnumMap<>(Outcome.Kind.class);
        results.forEach(r -> n.merge(r.outcome().kind(), 1, Integer::sum));
        o.println(n.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
        o.printf("wrote %s and %s%n", out.resolve("faults.json"), out.resolve("summary.md"));
        return n.getOrDefault(Outcome.Kind.UNCLASSIFIED, 0) > 0 ? 1 : 0;
    }
}
