// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoAbiProfiles;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;
import org.khoemu.scenario.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code khoemu run}: one or more live updates on the emulated machine, with artefacts. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a live update: kernel A preserves LUO sessions of memfds, kexecs on the emulated CPU, "
                + "and kernel B restores and verifies them.",
                "Writes handover.img (+ sidecar), kho.dtb/.dts, luo.dtb/.dts and report.json into --out. "
                + "Exit 0 only if kernel B restored exactly what kernel A preserved."})
final class RunCommand implements Callable<Integer> {
    static final long MIN_RAM = 64L << 20;
    static final long MAX_RAM = 64L << 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", paramLabel = "N", description = "Sessions per update (default: ${DEFAULT-VALUE}).")
    int sessions = ScenarioConfig.DEFAULT_SESSIONS;

    @Option(names = "--files-per-session", paramLabel = "K", description = "memfds per session (default: ${DEFAULT-VALUE}).")
    int filesPerSession = ScenarioConfig.DEFAULT_FILES;

    @Option(names = "--memfd-size", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Size of each memfd, e.g. 4096, 64K, 1M (default: 64K).")
    long memfdSize = ScenarioConfig.DEFAULT_MEMFD_SIZE;

    @Option(names = "--ram", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest RAM, e.g. 256M, 1G (default: 1G).")
    long ram = ScenarioConfig.DEFAULT_RAM;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the memfd contents (default: ${DEFAULT-VALUE}).")
    long seed = ScenarioConfig.DEFAULT_SEED;

    @Option(names = "--updates", paramLabel = "U", description = "Consecutive live updates (default: ${DEFAULT-VALUE}).")
    int updates = ScenarioConfig.DEFAULT_UPDATES;

    @Option(names = "--out", paramLabel = "DIR", description = "Where artefacts go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of(ScenarioConfig.DEFAULT_OUT);

    @Option(names = "--abi", paramLabel = "PROFILE",
            description = "LUO ABI generation of both kernels: seed-v6 (the LUO v6 patches, default) or v6.19.")
    String abi = LuoAbiProfiles.DEFAULT.name();

    @Option(names = {"-v", "--verbose"}, description = "Also print the kernels' log lines.")
    boolean verbose;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        InvalidValueException.checkRange(cl, "--sessions", sessions, 0, 100_000);
        InvalidValueException.checkRange(cl, "--files-per-session", filesPerSession, 0, 100_000);
        InvalidValueException.checkRange(cl, "--updates", updates, 1, 1000);
        if (ram < MIN_RAM || ram > MAX_RAM || (ram & 0xfff) != 0) {
            throw new InvalidValueException(cl, "--ram", Units.human(ram), "a multiple of 4 KiB from 64 MiB to 64 GiB");
        }
        if (memfdSize > ram / 4) {
            throw new InvalidValueException(cl, "--memfd-size", Units.human(memfdSize),
                    "at most a quarter of --ram, " + Units.human(ram / 4));
        }
        LuoAbiProfile profile;
        try {
            profile = LuoAbiProfiles.byName(abi);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(cl, "--abi", "'" + abi + "'", "one of " + String.join(", ",
                    LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList()));
        }
        ScenarioConfig cfg = new ScenarioConfig(sessions, filesPerSession, memfdSize, ram, seed, updates, out, profile);
        RunReport report = new LiveUpdateScenario(cfg, cl.getOut(), verbose).run();
        String line = report.failureLine();
        if (line != null) {
            cl.getErr().println(line);
        }
        return report.ok() ? 0 : 1;
    }
}
