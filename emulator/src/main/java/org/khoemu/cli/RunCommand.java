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
import java.util.List;
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
            description = "LUO ABI generation of both kernels: PROFILES (default: ${DEFAULT-VALUE}).")
    String abi = LuoAbiProfiles.DEFAULT.name();

    @Option(names = "--abi-a", paramLabel = "PROFILE", description = "LUO ABI generation of kernel A (the cold-booted "
            + "kernel that writes the handover), instead of --abi's: a live update across generations.")
    String abiA;

    @Option(names = "--abi-b", paramLabel = "PROFILE", description = "LUO ABI generation of kernel B (and of every "
            + "later kernel with --updates), instead of --abi's. Kernel B reads kernel A's bytes with its own profile "
            + "only; if it refuses them, its own reason is printed and the exit is 1.")
    String abiB;

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
        LuoAbiProfile both = profile(cl, "--abi", abi);
        LuoAbiProfile profile = abiA == null ? both : profile(cl, "--abi-a", abiA);
        LuoAbiProfile profileB = abiB == null ? both : profile(cl, "--abi-b", abiB);
        InvalidValueException.checkRange(cl, "--updates", updates, 1, 1000);
        // kernel A's userspace creates the sessions; with more updates, kernel B's does too
        checkWorkload(cl, updates > 1 ? List.of(profile, profileB) : List.of(profile), sessions, filesPerSession, ram);
        if (out.toString().isEmpty()) {
            throw new InvalidValueException(cl, "--out", "''", "a directory; '.' is the current one");
        }
        checkFits(cl, RunLimits.measure(ram, profile), sessions, filesPerSession, memfdSize);
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
        ScenarioConfig cfg = new ScenarioConfig(sessions, filesPerSession, memfdSize, ram, seed, updates, out, profile,
                profileB);
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

    /** Sessions and files within the maxima of every profile that creates them, and a machine's RAM size. */
    static void checkWorkload(CommandLine cl, List<LuoAbiProfile> creators, int sessions, int filesPerSession, long ram) {
        for (LuoAbiProfile p : creators) {
            InvalidValueException.checkRange(cl, "--sessions", sessions, 0, p.sessionMax(),
                    "LUO_SESSION_MAX of the " + p.name() + " profile");
            InvalidValueException.checkRange(cl, "--files-per-session", filesPerSession, 0, p.fileMax(),
                    "LUO_FILE_MAX of the " + p.name() + " profile");
        }
        if (ram < MIN_RAM || ram > MAX_RAM || (ram & 0xfff) != 0) {
            throw new InvalidValueException(cl, "--ram", Units.human(ram), "a multiple of 4 KiB from 64 MiB to 64 GiB");
        }
    }

    /** The profile {@code name} given to {@code option}, or the one line that lists the known ones. */
    static LuoAbiProfile profile(CommandLine cl, String option, String name) {
        try {
            return LuoAbiProfiles.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(cl, option, "'" + name + "'", "one of " + profileNames());
        }
    }

    static String profileNames() {
        return String.join(", ", LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList());
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
    static void checkFits(CommandLine cl, RunLimits limits, int sessions, int filesPerSession, long memfdSize) {
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
                sessions, filesPerSession, all, Units.roundedDown(limits.preservableBytes()),
                Units.human(limits.ramBytes())));
    }

    /**
     * Puts each profile's LUO maxima into the help of --sessions and --files-per-session, and the
     * profiles' names into --abi's: a new profile shows up without a help text to edit.
     */
    static final class LimitsInHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            fill(spec, "--sessions", "LIMITS", limits(LuoAbiProfile::sessionMax));
            fill(spec, "--files-per-session", "LIMITS", limits(LuoAbiProfile::fileMax));
            fill(spec, "--abi", "PROFILES", profileNames());
            return spec;
        }

        private static String limits(java.util.function.ToIntFunction<LuoAbiProfile> max) {
            return LuoAbiProfiles.all().stream().map(p -> max.applyAsInt(p) + " (" + p.name() + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        private static void fill(CommandSpec spec, String name, String placeholder, String text) {
            OptionSpec o = spec.findOption(name);
            String[] d = o.description().clone();
            d[0] = d[0].replace(placeholder, text);
            spec.remove(o);
            spec.addOption(o.toBuilder().description(d).build());
        }
    }
}
