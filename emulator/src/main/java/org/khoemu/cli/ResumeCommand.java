// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.inject.Outcome;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.scenario.ExpectedSessions;
import org.khoemu.scenario.FileRecord;
import org.khoemu.scenario.KernelBResume;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.Recovery;
import org.khoemu.scenario.SessionRecord;
import org.khoemu.scenario.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code khoemu resume IMAGE}: kernel B booted from a saved handover image in this process.
 * Kernel B is the judge of the handover, as on a real machine: nothing is decoded before it
 * boots, and if it panics its own reason is printed. Its userspace then retrieves what the
 * kernel's incoming list holds, each session and file through the uAPI. Kernel B speaks the
 * LUO ABI generation recorded in the sidecar (the kernel that wrote the image).
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Boot kernel B from a saved handover image, retrieve every LUO session and file, print them "
                + "(name, token, size, SHA-256) and finish the sessions.",
                "Exit 0 only if kernel B logged no warning or error, every step succeeded, no preserved memory was "
                + "left unreclaimed, no khoemu guard reported anything (--mode faithful), and what it restored "
                + "equals what kernel A preserved (report.json beside IMAGE, or --expect FILE). "
                + "Every difference is printed; any makes the exit 1. With something to compare with, the outcome "
                + "class is printed (REJECTED, HANG, DETECTED, LEAK, SILENT_CORRUPTION, HARMLESS)."})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ImageParameter arg;

    @Option(names = {"-v", "--verbose"}, description = "Also print kernel B's log lines.")
    boolean verbose;

    @Option(names = "--expect", paramLabel = "FILE",
            description = "What kernel A preserved: a report.json of 'khoemu run' or a JSON array of sessions "
                    + "(default: report.json beside IMAGE, if there is one).")
    Path expect;

    @Mixin
    KernelModeOption mode;

    @Option(names = "--kho-default-on", description = "Kernel B is built with KEXEC_HANDOVER_ENABLE_DEFAULT: KHO is on "
            + "without kho=on (implied by a capture.json whose config says so).")
    boolean khoDefaultOn;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HandoverImage img = HandoverImage.load(arg)) {
            ExpectedSessions.Expectation expectation = expectation(img);
            LuoAbiProfile profile = img.profile();
            if (img.sidecar() != null) {
                img.loaded().notes().forEach(out::println); // poke's edits, or a change --accept-modified let in
                String fault = img.sidecar().extra().get("fault");
                if (fault != null) {
                    out.println("faulted by run --fault at " + fault);
                }
            }
            KernelLog log = new KernelLog("B");
            if (verbose) {
                log.setSink(line -> out.println(Verdict.printable(line)));
            }
            KernelBResume kb = KernelBResume.run(img.machine().mem(), img.bootParams(), profile,
                    khoDefaultOn || img.loaded().khoDefaultOn(), log, mode.mode, 0);
            Outcome outcome = expectation == null ? null : Outcome.of(kb, log, expectation.sessions());
            if (!verbose) {
                log.findings().forEach(f -> out.println(KernelLog.GUARD + f));
            }
            switch (kb.stage()) {
                case PANIC -> err.println("khoemu: kernel B panic: " + Verdict.printable(kb.reason()));
                case HUNG -> err.println("khoemu: resume: kernel B hung: " + Verdict.printable(kb.reason()));
                case BOOT_FAILED -> err.println("khoemu: kernel B: boot failed: " + Verdict.printable(kb.reason()));
                case KHO_REFUSED -> err.println("khoemu: resume: kernel B did not accept the handover: "
                        + Verdict.printable(kb.reason()));
                case OPEN_FAILED -> err.println("khoemu: resume: kernel B: open(/dev/liveupdate): "
                        + Verdict.printable(kb.reason()));
                default -> {
                }
            }
            if (kb.stage() != KernelBResume.Stage.RETRIEVED) {
                printOutcome(out, outcome);
                return 1;
            }
            out.printf("kernel B booted from %s (boot_params 0x%x), liveupdate-number %d, %d preserved block(s)%n",
                    arg.image, img.bootParams(), kb.luo().incomingNumber(), kb.kernel().preservedBlocks().size());
            Recovery.Result r = kb.result();
            for (SessionRecord s : r.restored()) {
                out.printf("session \"%s\": %d file(s)%n", s.name(), s.files().size());
                for (FileRecord f : s.files()) {
                    out.printf("  file token 0x%x, size %d, sha256 %s%n", f.token(), f.size(), f.sha256());
                }
            }
            List<String> diffs = new java.util.ArrayList<>(
                    Verdict.differences(expectation == null ? null : expectation.sessions(), r, log));
            if (outcome != null && outcome.kind() == Outcome.Kind.LEAK) {
                diffs.add(outcome.detail().replaceFirst(";.*", ""));
            }
            log.findings().forEach(f -> diffs.add(KernelLog.GUARD + f));
            int files = r.restored().stream().mapToInt(s -> s.files().size()).sum();
            if (!diffs.isEmpty()) {
                out.printf("%d difference(s)%s:%n", diffs.size(),
                        expectation == null ? "" : " from what kernel A preserved (" + expectation.source() + ")");
                diffs.forEach(d -> out.println("  " + d));
                printOutcome(out, outcome);
                err.println("khoemu: resume: " + diffs.get(0)
                        + (diffs.size() > 1 ? " (and " + (diffs.size() - 1) + " more difference(s))" : ""));
                return 1;
            }
            out.printf("%d session(s), %d file(s) retrieved and finished%n", r.restored().size(), files);
            out.println(expectation == null
                    ? "not compared with what kernel A preserved: no report.json beside the image and no --expect; "
                            + "kernel B logged no warning and every listed file was retrieved"
                    : "identical to what kernel A preserved (" + expectation.source() + ")");
            printOutcome(out, outcome);
            return 0;
        } catch (ExpectedSessions.BadExpectation e) {
            err.println("khoemu: resume: " + e.getMessage());
            return 1;
        }
    }

    /** The outcome class, as a campaign would classify this handover (only with something to compare with). */
    private void printOutcome(PrintWriter out, Outcome outcome) {
        if (outcome != null) {
            out.println("outcome (kernel B " + mode.mode.key() + "): " + outcome.kind()
                    + (outcome.detail().isEmpty() ? "" : ": " + outcome.detail()));
        }
    }

    /**
     * --expect, else the report.json that {@code run} wrote beside the image, else the capture.json
     * beside a real capture, else none (a bare dump says nothing of what was preserved).
     */
    private ExpectedSessions.Expectation expectation(HandoverImage img) {
        int update = -1;
        String runId = null;
        if (img.sidecar() != null) {
            String u = img.sidecar().extra().get("update");
            if (u != null && u.matches("[0-9]{1,9}")) {
                update = Integer.parseInt(u);
            }
            runId = img.sidecar().runId();
        }
        if (expect != null) {
            return ExpectedSessions.read(expect, update);
        }
        Path report = arg.image.toAbsolutePath().resolveSibling(LiveUpdateScenario.REPORT);
        if (Files.isRegularFile(report)) {
            return ExpectedSessions.read(report, update, runId);
        }
        // a real capture says what its workload preserved in the capture.json beside its pages
        Path capture = arg.image.toAbsolutePath().resolveSibling("capture.json");
        return img.sidecar() == null && Files.isRegularFile(capture) ? ExpectedSessions.read(capture, -1) : null;
    }
}
