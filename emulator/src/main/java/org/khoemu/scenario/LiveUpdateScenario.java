// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.ImageSidecar;
import org.khoemu.emu.image.RamImage;
import org.khoemu.fdt.DtsPrinter;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.emu.HardwareFaults;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelHang;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.proc.UserProcess;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code khoemu run}: a machine, kernel A cold-booted with a fresh {@link Luo}, a userspace
 * workload that preserves memfds in sessions, {@code kexec_file_load} and {@code reboot(KEXEC)}
 * on the emulated CPU, then kernel B booted from RAM and the boot_params address alone with a new
 * {@link Luo}, whose userspace retrieves and checks everything. With several updates, kernel B's
 * userspace preserves the next generation and the cycle repeats on the same machine.
 */
public final class LiveUpdateScenario {
    public static final String IMAGE = "handover.img";
    public static final String KHO_DTB = "kho.dtb";
    public static final String LUO_DTB = "luo.dtb";
    public static final String REPORT = "report.json";
    /** Every file a run writes into --out; a new run removes them first, so no two runs' files mix. */
    public static final List<String> ARTEFACTS = List.of(IMAGE, IMAGE + ".json", KHO_DTB, "kho.dts", LUO_DTB,
            "luo.dts", REPORT);
    /** Sessions listed one per line in the timeline; the report has all. */
    public static final int MAX_LISTED = 6;

    private final ScenarioConfig cfg;
    private final PrintWriter out;
    private final boolean verbose;
    private final Timeline t;
    private final List<UpdateReport> updates = new ArrayList<>();
    private final Map<String, String> artefacts = new LinkedHashMap<>();
    /** List every session in the timeline, not only the first {@link #MAX_LISTED}. */
    private boolean listAll;
    /** Told each kernel step, for the progress line of long phases. */
    private Progress progress = Progress.NONE;
    /** Test hook: RAM as kernel A handed it over, just before kernel B boots (to damage it). */
    private Consumer<Machine> beforeKernelB = m -> { };
    /** Tells this run's artefacts from another's: in report.json and the image sidecar. */
    private final String runId = String.format("%016x", new java.security.SecureRandom().nextLong());
    /** The kernel now booting or running, for a panic's line. */
    private String booting = "A";
    /** How every kernel B of the run is built. */
    private KernelMode mode = KernelMode.DEFAULT;
    /** {@code run --fault}: what is done at which moment of the first update (null: nothing). */
    private FaultMoment faultMoment;
    private java.util.function.BiFunction<PhysicalMemory, HandoverInspection, String> faultAction;
    /** {@code run --fault power-loss@STEP}: the guest step that loses power (null: none). */
    private String powerLossStep;
    /** {@code run --fault fail-nth=N}: the first kernel B's N-th page allocation fails (0: none). */
    private long failNth;
    /** What the first update's kernel B did, for the outcome of a fault run. */
    private FirstUpdate first;

    /**
     * The first update as a fault run classifies it: the kexec path's failure (null when it
     * reached kernel B), or how far kernel B got ({@code resume}'s stages), with its log and what
     * kernel A preserved; {@code injected}: what the fault changed, as its action said.
     */
    public record FirstUpdate(String kexecFailure, KernelBResume kernelB, KernelLog log, List<SessionRecord> preserved,
                              String injected) {
    }

    /**
     * One booted kernel with its LUO and the userspace process that holds /dev/liveupdate open;
     * {@code problemsJudged}: how many of its log's warnings and errors a verdict already counted.
     */
    private record Running(Kernel kernel, Luo luo, UserProcess proc, int devFd, int problemsJudged) {
    }

    public LiveUpdateScenario(ScenarioConfig cfg, PrintWriter out, boolean verbose) {
        this.cfg = cfg;
        this.out = out;
        this.verbose = verbose;
        this.t = new Timeline(out);
    }

    /** Lists every session in the timeline ({@code --all}, {@code -v}). */
    public LiveUpdateScenario listAll(boolean all) {
        this.listAll = all;
        return this;
    }

    /** Shows {@code p} for phases that run long; it counts the sessions and files the kernels handle. */
    public LiveUpdateScenario progress(Progress p) {
        this.progress = p.expect(cfg.sessions(), cfg.sessions() * cfg.filesPerSession());
        t.progress(p);
        return this;
    }

    /** Every kernel B of the run built as {@code mode} (kernel A's build does not matter to the handover). */
    public LiveUpdateScenario mode(KernelMode mode) {
        this.mode = mode;
        return this;
    }

    /**
     * At {@code moment} of the first update, {@code action} changes RAM; it gets the handover
     * as it is then (decoded from kernel A's KHO root FDT before relocation, from boot_params
     * after it) and returns a line saying what it changed.
     */
    public LiveUpdateScenario faultAt(FaultMoment moment,
                                      java.util.function.BiFunction<PhysicalMemory, HandoverInspection, String> action) {
        this.faultMoment = moment;
        this.faultAction = action;
        return this;
    }

    /** A power loss at the start of guest step {@code step} of the first kexec ({@link HardwareFaults#STEPS}). */
    public LiveUpdateScenario powerLossAt(String step) {
        this.powerLossStep = step;
        return this;
    }

    /** The first kernel B's {@code n}-th page allocation, from when its allocator is up, fails with ENOMEM. */
    public LiveUpdateScenario failNth(long n) {
        this.failNth = n;
        return this;
    }

    /** The first update as a fault run classifies it; null when the run stopped before its kexec. */
    public FirstUpdate firstUpdate() {
        return first;
    }

    /** Runs {@code hook} on the machine after each handover is saved, before kernel B boots. */
    LiveUpdateScenario beforeKernelB(Consumer<Machine> hook) {
        this.beforeKernelB = hook;
        return this;
    }

    public RunReport run() {
        out.printf("khoemu run: %d update(s) of %d session(s) x %d memfd(s) of %s, RAM %s, seed %d, LUO ABI %s, kernel B %s, "
                + "out %s, run %s%n", cfg.updates(), cfg.sessions(), cfg.filesPerSession(), Units.human(cfg.memfdSize()),
                Units.human(cfg.ramBytes()), cfg.seed(), cfg.abi().name(), mode.key(), cfg.outDir(), runId);
        String failure = null;
        boolean panic = false;
        long number = 0;
        try {
            AtomicFiles.createDirectories(cfg.outDir());
            AtomicFiles.deleteAll(cfg.outDir(), ARTEFACTS);
        } catch (RuntimeException e) {
            // nothing can be written: the caller says why (once); no work was done
            out.println("no outputs written");
            out.flush();
            return new RunReport(cfg, List.of(), 0, Map.of(), e.getMessage(), false, runId);
        }
        try (Machine m = t.phase("machine: RAM, Unicorn x86-64 CPU, firmware map", () -> Machine.create(cfg.ramBytes()))) {
            t.detail("%s of RAM; e820: %s", Units.human(m.mem().size()), m.firmwareMap().stream()
                    .map(e -> String.format("[0x%x-0x%x) %s", e.addr(), e.end(), e.isRam() ? "RAM" : "reserved")).toList());
            Running k = coldBoot(m);
            for (int g = 1; g <= cfg.updates(); g++) {
                k = update(m, k, g);
            }
            number = k.luo().incomingNumber();
        } catch (KernelPanic e) {
            // the kernel's own reason, as the console would show it; the timeline marks the phase
            t.flush();
            panic = true;
            failure = "kernel " + booting + " panic: " + Failures.oneLine(e);
        } catch (RuntimeException e) {
            t.flush();
            String phase = t.lastFailedPhase();
            failure = (phase == null ? "" : phase + ": ") + Failures.oneLine(e);
        }
        RunReport report = new RunReport(cfg, updates, number, Map.copyOf(artefacts), failure, panic, runId);
        Path reportPath = cfg.outDir().resolve(REPORT);
        try {
            AtomicFiles.writeString(reportPath, ReportJson.toJson(report));
            artefacts.put("report", reportPath.toString());
        } catch (RuntimeException e) {
            out.println("could not write " + reportPath + ": " + e.getMessage());
        }
        summary(report);
        return new RunReport(cfg, updates, number, Map.copyOf(artefacts), failure, panic, runId);
    }

    private String kernelName(int index) {
        return cfg.updates() == 1 ? (index == 0 ? "A" : "B") : "k" + index;
    }

    private KernelLog newLog(int index) {
        KernelLog log = new KernelLog(kernelName(index));
        if (verbose) {
            log.setSink(line -> t.detail("%s", line));
        }
        return log;
    }

    private static List<KernelSubsystem> subsystems(Luo luo) {
        return List.of(luo);
    }

    private Running coldBoot(Machine m) {
        Luo luo = new Luo(cfg.abi());
        KernelLog log = newLog(0);
        booting = kernelName(0);
        Kernel[] self = new Kernel[1];
        StepObserver steps = faultMoment == null || faultMoment == FaultMoment.BETWEEN_RELOCATION_AND_PURGATORY ? progress
                : step -> {
                    progress.enter(step);
                    if (self[0] != null && injected == null && step.equals(faultMoment == FaultMoment.AFTER_SERIALIZE
                            ? "kho_finalize" : "machine_kexec")) {
                        inject(m, outgoing(m, self[0], luo));
                    }
                };
        Kernel k = t.phase("kernel A: cold boot (" + ScenarioConfig.CMDLINE + ")", () -> Kernel.coldBoot(m.mem(),
                m.firmwareMap(), ScenarioConfig.CMDLINE, log, steps, subsystems(luo)));
        self[0] = k;
        t.detail("LUO FDT at 0x%x, session block at 0x%x, liveupdate-number for the next kernel: %d",
                luo.fdtPa(), luo.sessionBlockPa(), luo.liveupdateNumber());
        UserProcess p = new UserProcess(k, luo);
        int dev = DevLiveupdate.open(p, log);
        return new Running(k, luo, p, dev, 0);
    }

    /** What the fault's action said it changed; null until it ran. */
    private String injected;

    private void inject(Machine m, java.util.function.Supplier<HandoverInspection> handover) {
        HandoverInspection h = handover.get();
        injected = faultAction.apply(m.mem(), h);
        t.detail("fault at %s: %s", faultMoment.key(), injected);
    }

    /** The handover as kernel A holds it before the kexec: its KHO root FDT and the blocks it tracks. */
    private static java.util.function.Supplier<HandoverInspection> outgoing(Machine m, Kernel a, Luo luo) {
        return () -> {
            Map<Long, Integer> blocks = new java.util.HashMap<>();
            for (KhoPreservedBlock b : a.khoOut().preserved()) {
                blocks.put(b.pa(), b.order());
            }
            return HandoverInspection.decodeOutgoing(m.mem(), a.khoOut().rootFdt().pa(),
                    org.khoemu.kernel.kho.KhoRootFdt.SIZE, blocks, luo.profile());
        };
    }

    private String tag(int g) {
        return cfg.updates() == 1 ? "" : "[" + g + "/" + cfg.updates() + "] ";
    }

    private Running update(Machine m, Running a, int g) {
        WorkloadPlan plan = new WorkloadPlan(cfg, g);
        List<SessionRecord> preserved = t.phase(tag(g) + "userspace A: create sessions, preserve memfds",
                () -> Workload.preserve(a.proc(), a.devFd(), plan));
        t.detail("%d session(s), %d memfd(s), %s of content", preserved.size(),
                preserved.stream().mapToInt(s -> s.files().size()).sum(),
                Units.human(preserved.stream().flatMap(s -> s.files().stream()).mapToLong(FileRecord::size).sum()));
        listSessions(preserved);
        t.phase(tag(g) + "kernel A: kexec_file_load", () -> a.kernel().kexecFileLoad(m.kexecHardware(), ScenarioConfig.CMDLINE));
        t.detail("%d segment(s) in scratch, entry 0x%x, boot_params 0x%x", a.kernel().kimage().segments().size(),
                a.kernel().kimage().startAddress(), a.kernel().kimage().bootParams());
        if (g == 1 && powerLossStep != null) {
            m.faults().powerLossAt(powerLossStep);
        }
        if (g == 1 && faultMoment == FaultMoment.BETWEEN_RELOCATION_AND_PURGATORY) {
            m.faults().atStep(HardwareFaults.STEP_PURGATORY, () -> inject(m,
                    () -> HandoverInspection.decode(m.mem(), a.kernel().kimage().bootParams(), a.luo().profile())));
        }
        KexecOutcome outcome = t.phase(tag(g) + "kernel A: reboot(KEXEC) -> relocate, purgatory, entry",
                () -> a.kernel().rebootKexec(m.kexecHardware()));
        t.stages(outcome.stages());
        if (!outcome.booted()) {
            t.flush();
            if (g == 1) {
                first = new FirstUpdate(outcome.failure(), null, null, preserved, injected);
            }
            throw new IllegalStateException("kexec did not reach kernel B: " + outcome.failure());
        }
        // Kernel B starts from RSI, as a kernel entered through the x86 boot protocol does; the
        // saved image carries that register.
        long bp = outcome.bootParams();
        if (m.cpu().reg(X86Reg.RSI) != bp) {
            throw new IllegalStateException(String.format("the entry stub reported boot_params 0x%x, but RSI holds 0x%x",
                    bp, m.cpu().reg(X86Reg.RSI)));
        }
        List<String> diffs = new ArrayList<>();
        HandoverAddresses addr = t.phase(tag(g) + "handover: decode RAM, save artefacts",
                () -> checkHandover(m, a.luo(), outcome, g, preserved, diffs));

        beforeKernelB.accept(m);
        Luo luo = new Luo(cfg.abi(), mode);
        KernelLog log = newLog(g);
        booting = kernelName(g);
        Kernel[] booted = new Kernel[1];
        UserProcess[] proc = new UserProcess[1];
        int[] dev = new int[1];
        Recovery.Result r;
        try {
            booted[0] = t.phase(tag(g) + "kernel B: boot from handover (RAM + boot_params only)",
                    () -> Kernel.bootFromHandover(m.mem(), outcome.bootParams(), log, progress, subsystems(luo), false,
                            g == 1 ? failNth : 0));
            t.detail("%d preserved block(s) reserved; liveupdate-number %d", booted[0].preservedBlocks().size(),
                    luo.incomingNumber());
            proc[0] = new UserProcess(booted[0], luo);
            r = t.phase(tag(g) + "userspace B: retrieve, verify SHA-256, finish", () -> {
                try {
                    dev[0] = DevLiveupdate.open(proc[0], log);
                } catch (KernelException e) {
                    if (g == 1) {
                        first = new FirstUpdate(null, new KernelBResume(booted[0].khoIn().isKhoBoot()
                                ? KernelBResume.Stage.OPEN_FAILED : KernelBResume.Stage.KHO_REFUSED,
                                booted[0].khoIn().isKhoBoot() ? e.getMessage() : KernelBResume.lastKhoLine(log),
                                booted[0], luo, null), log, preserved, injected);
                    }
                    throw e;
                }
                return Recovery.retrieveAll(proc[0], dev[0], ImageSessions.expected(luo.incomingSessions()));
            });
        } catch (KernelPanic | KernelHang | KernelException e) {
            if (g == 1 && first == null) {
                KernelBResume.Stage stage = e instanceof KernelPanic ? KernelBResume.Stage.PANIC
                        : e instanceof KernelHang ? KernelBResume.Stage.HUNG : KernelBResume.Stage.BOOT_FAILED;
                first = new FirstUpdate(null, new KernelBResume(stage, Failures.oneLine(e), booted[0], luo, null), log,
                        preserved, injected);
            }
            throw e;
        }
        if (g == 1) {
            first = new FirstUpdate(null, new KernelBResume(KernelBResume.Stage.RETRIEVED, null, booted[0], luo, r), log,
                    preserved, injected);
        }
        Kernel b = booted[0];
        UserProcess p = proc[0];
        // what the outgoing kernel warned about on its way out (e.g. leaked preserved blocks at
        // reboot) is part of this update's verdict as much as kernel B's own warnings
        List<String> aProblems = a.kernel().log().problems();
        aProblems.subList(Math.min(a.problemsJudged(), aProblems.size()), aProblems.size()).forEach(l ->
                diffs.add("kernel " + a.kernel().log().kernelName() + " logged: " + Verdict.printable(l)));
        diffs.addAll(Verdict.differences(preserved, r, log));
        if (luo.incomingNumber() != g) {
            diffs.add("kernel B reads liveupdate-number " + luo.incomingNumber() + ", expected " + g);
        }
        t.detail("%d session(s), %d file(s) restored; %s", r.restored().size(),
                r.restored().stream().mapToInt(s -> s.files().size()).sum(),
                diffs.isEmpty() ? "identical to what kernel A preserved" : diffs.size() + " difference(s):");
        diffs.forEach(d -> t.detail("  %s", d));
        if (diffs.isEmpty()) {
            listSessions(r.restored());
        }
        t.flush();
        updates.add(new UpdateReport(g, luo.incomingNumber(), addr, preserved, r.restored(), outcome.stages(), diffs));
        return new Running(b, luo, p, dev[0], log.problems().size());
    }

    /** One line per session (the first few, or all), with its files' tokens and short hashes. */
    private void listSessions(List<SessionRecord> sessions) {
        int shown = listAll ? sessions.size() : Math.min(sessions.size(), MAX_LISTED);
        for (SessionRecord s : sessions.subList(0, shown)) {
            t.detail("  %-20s %s", s.name(), s.files().stream()
                    .map(f -> String.format("0x%x (%s, sha256 %.12s)", f.token(), Units.human(f.size()), f.sha256()))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        if (sessions.size() > shown) {
            t.detail("  ... and %d more session(s) (all in %s; --all lists them here)", sessions.size() - shown, REPORT);
        }
    }

    /**
     * Saves the handover and holds the session block in RAM against what userspace A preserved.
     * The decoded handover stays in this frame: at gigabyte scale its per-folio records must be
     * garbage before kernel B boots.
     */
    private HandoverAddresses checkHandover(Machine m, Luo a, KexecOutcome outcome, int g, List<SessionRecord> preserved,
                                            List<String> diffs) {
        HandoverInspection in;
        try {
            in = saveHandover(m, a, outcome, g);
        } catch (RuntimeException e) {
            if (injected == null) {
                throw e;
            }
            // a fault run damaged the handover on purpose: kernel B, not the decoder, is to judge it
            diffs.add("handover in RAM: " + Failures.oneLine(e));
            t.detail("the damaged handover does not decode: %s", Failures.oneLine(e));
            return new HandoverAddresses(outcome.bootParams(), 0, 0, 0);
        }
        HandoverAddresses addr = new HandoverAddresses(outcome.bootParams(), in.kho().pa(), in.luo().pa(), in.sessionBlockPa());
        t.detail("boot_params 0x%x -> kho_data 0x%x -> KHO FDT 0x%x -> LUO FDT 0x%x -> session block 0x%x",
                addr.bootParams(), in.boot().khoDataPa(), addr.khoFdt(), addr.luoFdt(), addr.sessionBlock());
        t.detail("preserved memory: %s in %d chunk(s) of the kho-v1 map", Units.human(in.memMap().totalBytes()),
                in.memMap().chunks().size());
        SessionDiff.compare(preserved, ImageSessions.records(in.sessions())).forEach(d -> diffs.add("session block in RAM: " + d));
        if (in.luo().pa() != a.fdtPa() || in.sessionBlockPa() != a.sessionBlockPa()) {
            diffs.add(String.format("RAM says LUO FDT 0x%x / session block 0x%x, kernel A set up 0x%x / 0x%x",
                    in.luo().pa(), in.sessionBlockPa(), a.fdtPa(), a.sessionBlockPa()));
        }
        return addr;
    }

    /** RAM as the entry stub left it: the image, then the FDTs read from it. B has not run yet. */
    private HandoverInspection saveHandover(Machine m, Luo a, KexecOutcome outcome, int g) {
        Path dir = cfg.outDir();
        Path image = dir.resolve(IMAGE);
        AtomicFiles.createDirectories(dir);
        Map<String, String> extra = new LinkedHashMap<>(Map.of("producer", "khoemu run", "update", Integer.toString(g),
                "bootParams", ReportJson.hex(outcome.bootParams()), ImageSidecar.RUN_ID, runId));
        if (g == 1 && injected != null) {
            // the image holds the fault run --fault made before the kexec: say so to whoever resumes it
            extra.put("fault", faultMoment.key() + ": " + injected);
        }
        RamImage.save(m, image, a.profile().name(), extra);
        artefacts.put("handover_image", image.toString());
        artefacts.put("handover_sidecar", RamImage.sidecarOf(image).toString());
        HandoverInspection in = HandoverInspection.decode(m.mem(), outcome.bootParams(), a.profile());
        writeFdt(in.kho(), dir.resolve(KHO_DTB), "kho");
        writeFdt(in.luo(), dir.resolve(LUO_DTB), "luo");
        return in;
    }

    private void writeFdt(FdtBlob blob, Path dtb, String key) {
        AtomicFiles.write(dtb, blob.bytes());
        Path dts = dtb.resolveSibling(dtb.getFileName().toString().replace(".dtb", ".dts"));
        AtomicFiles.writeString(dts, DtsPrinter.print(blob.fdt()));
        artefacts.put(key + "_dtb", dtb.toString());
        artefacts.put(key + "_dts", dts.toString());
    }

    private void summary(RunReport r) {
        out.println();
        if (r.ok()) {
            out.printf("OK: %d live update(s); kernel B restored exactly what kernel A preserved; liveupdate-number %d%n",
                    r.updates().size(), r.finalLiveupdateNumber());
        } else if (r.failure() != null) {
            // the reason goes to stderr once (the caller); the timeline shows the FAILED phase
            out.println("FAILED");
        } else {
            long n = r.updates().stream().mapToLong(u -> u.differences().size()).sum();
            out.printf("MISMATCH: %d difference(s) between what kernel A preserved and what kernel B restored%n", n);
        }
        out.println(artefacts.isEmpty() ? "no outputs written" : "outputs in " + cfg.outDir().toAbsolutePath() + ":");
        artefacts.values().stream().map(Path::of).map(Path::getFileName).sorted()
                .forEach(f -> out.println("  " + f));
        out.flush();
    }
}
