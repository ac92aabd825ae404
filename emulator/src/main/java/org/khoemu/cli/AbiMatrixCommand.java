// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.abi.AbiMatrix;
import org.khoemu.abi.MatrixJson;
import org.khoemu.abi.MatrixText;
import org.khoemu.emu.nat.LibC;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code khoemu abi matrix}: every ordered pair of ABI generations as a small live update. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Run a small live update for every ordered pair of ABI profiles (kernel A writes the handover "
                + "with one, kernel B reads it with the other, the diagonal included) and print one cell per pair: "
                + "restored (exactly what kernel A preserved), refused: <kernel B's own reason> (it panicked at boot or "
                + "its first open failed), or finding: <the first difference> (kernel B took it but lost, changed or "
                + "warned about something). Rows are kernel A, columns kernel B; a legend gives each cell that is not "
                + "restored in full.",
                "The matrix is a report, not a verdict: exit 0 when every cell was computed, whatever the cells say; "
                + "exit 1 only when khoemu itself failed (kernel A or the kexec), 2 for bad options. "
                + "A progress line goes to stderr when it runs longer than 2 s."})
final class AbiMatrixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "The cells as JSON instead of a table.")
    boolean json;

    @Option(names = "--sessions", paramLabel = "N", description = "Sessions kernel A creates in each pair "
            + "(default: ${DEFAULT-VALUE}).")
    int sessions = AbiMatrix.Workload.DEFAULT.sessions();

    @Option(names = "--files-per-session", paramLabel = "K", description = "memfds per session "
            + "(default: ${DEFAULT-VALUE}).")
    int filesPerSession = AbiMatrix.Workload.DEFAULT.filesPerSession();

    @Option(names = "--memfd-size", paramLabel = "BYTES", converter = SizeConverter.class,
            description = "Size of each memfd (default: 4K).")
    long memfdSize = AbiMatrix.Workload.DEFAULT.memfdSize();

    @Option(names = "--ram", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest RAM of each pair's machine (default: 128M).")
    long ram = AbiMatrix.Workload.DEFAULT.ramBytes();

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the memfd contents (default: ${DEFAULT-VALUE}).")
    long seed = AbiMatrix.Workload.DEFAULT.seed();

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        List<LuoAbiProfile> profiles = LuoAbiProfiles.all();
        // every profile is a kernel A in some pair, so every one must be able to create the sessions
        RunCommand.checkWorkload(cl, profiles, sessions, filesPerSession, ram);
        for (LuoAbiProfile p : profiles) {
            RunCommand.checkFits(cl, RunLimits.measure(ram, p), sessions, filesPerSession, memfdSize);
        }
        AbiMatrix.Workload w = new AbiMatrix.Workload(sessions, filesPerSession, memfdSize, ram, seed);
        List<AbiMatrix.Cell> cells;
        Progress.Mode mode = LibC.isatty(2) == 1 ? Progress.Mode.TERMINAL : Progress.Mode.LINES;
        try (Progress p = new Progress(cl.getErr(), System::nanoTime, mode).startTimer()) {
            cells = AbiMatrix.run(profiles, w, p);
        }
        List<String> names = profiles.stream().map(LuoAbiProfile::name).toList();
        PrintWriter out = cl.getOut();
        out.print(json ? MatrixJson.render(names, cells, w) : MatrixText.render(names, cells, w));
        out.flush();
        return 0;
    }
}
