// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.nat.LibC;
import org.khoemu.inject.Outcome;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.AtomicFiles;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.Progress;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;
import org.khoemu.scenario.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code khoemu run}: one or more live updates on the emulated machine, with artefacts. */
@Command(name = "run", mixinStandardHelpOptions = true, modelTransformer = RunCommand.LimitsInHelp.class,
        description = {"Run a live update: kernel A preserves LUO sessions of memfds, kexecs on the emulated CPU, "
                + "and kernel B restores and verifies them.",
                "Writes handover.img (+ sidecar), kho.dtb/.dts, luo.dtb/.dts and report.json into --out. "
                + "Exit 0 only if kernel B restored exactly what kernel A preserved."})
final class RunCommand implements Callable<Integer> {
    static final long MIN_RAM = 64L << 20;
    static final long MAX_RAM = 64L << 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", paramLabel = "N",
            description = "Sessions per update, 0 to LUO_SESSION_MAX of the profile: LIMITS (default: ${DEFAULT-VALUE}).")
    int sessions = ScenarioConfig.DEFAULT_SESSIONS;

    @Option(names = "--files-per-session", paramLabel = "K",
            description = "memfds per session, 0 to LUO_FILE_MAX of the profile: LIMITS (default: ${DEFAULT-VALUE}).")
    int filesPerSession = ScenarioConfig.DEFAULT_FILES;

    @Option(names = "--memfd-size", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Size of each memfd, e.g. 4096, 64K, 1M (default: 64K). All memfds together must fit in "
                    + "the RAM kernel A has free outside KHO scratch; a run that does not is refused before any work, "
                    + "naming the largest size that fits.")
    long memfdSize = ScenarioConfig.DEFAULT_MEMFD_SIZE;

    @Option(names = "--ram", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest RAM, e.g. 256M, 1G (default: 1G).")
    long ram = ScenarioConfig.DEFAULT_RAM;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the memfd contents (default: ${DEFAULT-VALUE}).")
    long seed = ScenarioConfig.DEFAULT_SEED;

    @Option(names = "--updates", paramLabel = "U", description = "Consecutive live updates (default: ${DEFAULT-VALUE}).")
    int updates = ScenarioConfig.DEFAULT_UPDATES;

    @Option(names = "--out", paramLabel = "DIR", description = "Where artefacts go, made if missing and checked "
            + "before any work; the previous run's artefacts there are removed first (default: ${DEFAULT-VALUE}).")
    Path out = Path.of(ScenarioConfig.DEFAULT_OUT);

    @Option(names = "--abi", paramLabel = "PROFILE",
            description = "LUO ABI generation of both kernels: seed-v6 (the LUO v6 patches, default), seed-v6-name64 (the "
                    + "same once the name grew to 64 bytes) or v6.19.")
    String abi = LuoAbiProfiles.DEFAULT.name();

    @Option(names = {"-v", "--verbose"}, description = "Also print the kernels' log lines (and every session, as --all).")
    boolean verbose;

    @Option(names = "--all", description = "List every session in the timeline, not only the first "
            + LiveUpdateScenario.MAX_LISTED + ".")
    boolean all;

    /** When the progress line of phases longer than 2 s is shown. */
    enum When { auto, always, never }

    @Option(names = "--progress", paramLabel = "WHEN", description = "Progress line on stderr for phases longer "
            + "than 2 s: auto (on a terminal, the default), always (plain lines when stderr is no terminal), never.")
    When progress = When.auto;

    @picocli.CommandLine.Mixin
    KernelModeOption mode;

    @Option(names = "--fault", paramLabel = "SPEC", description = "Inject one fault into the first update at a moment of "
            + "the run: MOMENT:FIELD=VALUE (MOMENT after-serialize, after-kho-finalize or "
            + "between-relocation-and-purgatory; FIELD=VALUE as 'khoemu poke' takes it, e.g. "
            + "after-serialize:luo_session_header_ser.count=820), power-loss@STEP (relocation, purgatory, entry) or "
            + "fail-nth=N (kernel B's N-th page allocation fails with ENOMEM). Prints the outcome class; exit 0 only "
            + "if HARMLESS.")
    String fault;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        LuoAbiProfile profile;
        try {
            profile = LuoAbiProfiles.byName(abi);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(cl, "--abi", "'" + abi + "'", "one of " + String.join(", ",
                    LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList()));
        }
        InvalidValueException.checkRange(cl, "--sessions", sessions, 0, profile.sessionMax(),
                "LUO_SESSION_MAX of the " + profile.name() + " profile");
        InvalidValueException.checkRange(cl, "--files-per-session", filesPerSession, 0, profile.fileMax(),
                "LUO_FILE_MAX of the " + profile.name() + " profile");
        InvalidValueException.checkRange(cl, "--updates", updates, 1, 1000);
        if (ram < MIN_RAM || ram > MAX_RAM || (ram & 0xfff) != 0) {
            throw new InvalidValueException(cl, "--ram", Units.human(ram), "a multiple of 4 KiB from 64 MiB to 64 GiB");
        }
        if (out.toString().isEmpty()) {
            throw new InvalidValueException(cl, "--out", "''", "a directory; '.' is the current one");
        }
        checkFits(cl, RunLimits.measure(ram, profile));
        try {
            AtomicFiles.checkWritableDirectory(out);
        } catch (UncheckedIOException e) {
            throw new InvalidValueException(cl, "--out", "'" + out + "'", "a directory khoemu can write: "
                    + e.getMessage());
        }
        RunFaultSpec spec = null;
        if (fault != null) {
            try {
                spec = RunFaultSpec.parse(fault);
            } catch (org.khoemu.inspect.BadFieldException e) {
                throw new InvalidValueException(cl, "--fault", e.getMessage(), RunFaultSpec.FORMS);
            }
        }
        ScenarioConfig cfg = new ScenarioConfig(sessions, filesPerSession, memfdSize, ram, seed, updates, out, profile);
        RunReport report;
        LiveUpdateScenario scenario = new LiveUpdateScenario(cfg, cl.getOut(), verbose).listAll(all || verbose).mode(mode.mode);
        String[] faultError = new String[1];
        if (spec != null) {
            spec.arm(scenario, profile.layout(), faultError);
        }
        try (Progress p = new Progress(cl.getErr(), System::nanoTime, progressMode()).startTimer()) {
            report = scenario.progress(p).run();
        }
        if (faultError[0] != null) {
            cl.getErr().println("khoemu: invalid value for --fault: " + faultError[0]);
            return 2;
        }
        if (spec != null) {
            return faultOutcome(cl, spec, scenario.firstUpdate(), report);
        }
        String line = report.failureLine();
        if (line != null) {
            cl.getErr().println(line);
        }
        return report.ok() ? 0 : 1;
    }

    /** The outcome class of a fault run, printed; 0 only for HARMLESS without guard findings. */
    private int faultOutcome(CommandLine cl, RunFaultSpec spec, LiveUpdateScenario.FirstUpdate first, RunReport report) {
        Outcome o;
        if (first == null) {
            o = new Outcome(Outcome.Kind.UNCLASSIFIED, "the run stopped before the fault's kexec: " + report.failureLine());
        } else if (first.kexecFailure() != null) {
            o = Outcome.guestFault(first.kexecFailure());
        } else {
            o = Outcome.of(first.kernelB(), first.log(), first.preserved());
        }
        if (spec.moment() != null && (first == null || first.injected() == null)) {
            o = new Outcome(Outcome.Kind.UNCLASSIFIED, "the run never reached " + spec.moment().key());
        }
        PrintWriter w = cl.getOut();
        w.println("fault " + spec.text() + (first != null && first.injected() != null ? ": " + first.injected() : ""));
        w.println("outcome (kernel B " + mode.mode.key() + "): " + o.line());
        w.flush();
        if (o.kind() != Outcome.Kind.HARMLESS) {
            cl.getErr().println("khoemu: run: fault " + spec.text() + ": " + o.kind()
                    + (o.detail().isEmpty() ? "" : ": " + o.detail()));
        }
        return o.kind() == Outcome.Kind.HARMLESS && o.findings().isEmpty() ? 0 : 1;
    }

    private Progress.Mode progressMode() {
        boolean tty = progress != When.never && LibC.isatty(2) == 1;
        return switch (progress) {
            case never -> Progress.Mode.OFF;
            case auto -> tty ? Progress.Mode.TERMINAL : Progress.Mode.OFF;
            case always -> tty ? Progress.Mode.TERMINAL : Progress.Mode.LINES;
        };
    }

    /** Sessions x files x size against the memory kernel A can preserve, said with the largest size that fits. */
    private void checkFits(CommandLine cl, RunLimits limits) {
        if (limits.fits(sessions, filesPerSession, memfdSize)) {
            return;
        }
        BigInteger total = BigInteger.valueOf(sessions).multiply(BigInteger.valueOf(filesPerSession))
                .multiply(BigInteger.valueOf(memfdSize));
        String all = total.bitLength() < 63 ? Units.human(total.longValue()) : "more than 8 EiB";
        long max = limits.maxMemfdSize(sessions, filesPerSession);
        throw new InvalidValueException(cl, "--memfd-size", Units.human(memfdSize), String.format(
                "at most %s (%dK) with %d session(s) x %d memfd(s): %s of memfds do not fit in the %s that "
                        + "kernel A of --ram %s has free outside KHO scratch", Units.roundedDown(max), max >> 10,
                sessions, filesPerSession, all, Units.roundedDown(limits.preservableBytes()), Units.human(ram)));
    }

    /** Puts each profile's LUO maxima into the help of --sessions and --files-per-session. */
    static final class LimitsInHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            fill(spec, "--sessions", LuoAbiProfile::sessionMax);
            fill(spec, "--files-per-session", LuoAbiProfile::fileMax);
            return spec;
        }

        private static void fill(CommandSpec spec, String name, java.util.function.ToIntFunction<LuoAbiProfile> max) {
            OptionSpec o = spec.findOption(name);
            String limits = LuoAbiProfiles.all().stream().map(p -> max.applyAsInt(p) + " (" + p.name() + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
            String[] d = o.description().clone();
            d[0] = d[0].replace("LIMITS", limits);
            spec.remove(o);
            spec.addOption(o.toBuilder().description(d).build());
        }
    }
}
