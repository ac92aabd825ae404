// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.scenario.DevLiveupdate;
import org.khoemu.scenario.ImageSessions;
import org.khoemu.scenario.Recovery;
import org.khoemu.scenario.ScenarioConfig;
import org.khoemu.scenario.SessionDiff;
import org.khoemu.scenario.SessionRecord;
import org.khoemu.scenario.Workload;
import org.khoemu.scenario.WorkloadPlan;

import java.nio.file.Path;
import java.util.List;

/**
 * One live update as {@code khoemu run} does it, cut into the phases the benchmark times one by
 * one: kernel A's cold boot, its userspace preserving n sessions of one 64 KiB memfd, the kexec
 * (load, reboot with serialize and KHO finalize, relocation, purgatory and entry as guest code),
 * kernel B's boot from RAM and boot_params alone, and its userspace retrieving, hashing and
 * finishing everything. Only the artefacts {@code khoemu run} saves to disk are left out.
 */
final class LiveUpdateRun {
    static final long RAM = 1L << 30;
    static final long MEMFD_SIZE = 64 << 10;

    enum Phase { BOOT_A, USERSPACE_A, KEXEC, BOOT_B, USERSPACE_B }

    private final Machine m;
    private final ScenarioConfig cfg;
    private final WorkloadPlan plan;
    private Kernel a;
    private UserProcess pa;
    private int devA;
    private List<SessionRecord> preserved;
    private KexecOutcome outcome;
    private Kernel b;
    private Luo luoB;
    private Recovery.Result result;
    private Phase done;

    LiveUpdateRun(Machine m, int sessions, String abi) {
        this.m = m;
        this.cfg = new ScenarioConfig(sessions, 1, MEMFD_SIZE, RAM, ScenarioConfig.DEFAULT_SEED, 1,
                Path.of("unused"), LuoAbiProfiles.byName(abi));
        this.plan = new WorkloadPlan(cfg, 1);
    }

    /** Power-cycles the machine and runs every phase before {@code phase}. */
    void runUpTo(Phase phase) {
        m.coldReset();
        done = null;
        for (Phase p : Phase.values()) {
            if (p == phase) {
                return;
            }
            run(p);
        }
    }

    void run(Phase p) {
        switch (p) {
            case BOOT_A -> {
                Luo luo = new Luo(cfg.abi());
                KernelLog log = new KernelLog("A");
                a = Kernel.coldBoot(m.mem(), m.firmwareMap(), ScenarioConfig.CMDLINE, log, StepObserver.NONE, List.of(luo));
                pa = new UserProcess(a, luo);
                devA = DevLiveupdate.open(pa, log);
            }
            case USERSPACE_A -> preserved = Workload.preserve(pa, devA, plan);
            case KEXEC -> {
                a.kexecFileLoad(m.kexecHardware(), ScenarioConfig.CMDLINE);
                outcome = a.rebootKexec(m.kexecHardware());
                if (!outcome.booted()) {
                    throw new IllegalStateException("kexec did not reach kernel B: " + outcome.failure());
                }
            }
            case BOOT_B -> {
                luoB = new Luo(cfg.abi());
                b = Kernel.bootFromHandover(m.mem(), outcome.bootParams(), new KernelLog("B"), StepObserver.NONE,
                        List.of(luoB));
            }
            case USERSPACE_B -> {
                UserProcess pb = new UserProcess(b, luoB);
                int dev = DevLiveupdate.open(pb, b.log());
                result = Recovery.retrieveAll(pb, dev, ImageSessions.expected(luoB.incomingSessions()));
            }
        }
        done = p;
    }

    /** After the last phase: kernel B restored exactly what kernel A preserved, else this throws. */
    void verify() {
        if (done != Phase.USERSPACE_B) {
            return;
        }
        List<String> diffs = new java.util.ArrayList<>(result.failures());
        diffs.addAll(SessionDiff.compare(preserved, result.restored()));
        if (!diffs.isEmpty() || result.restored().size() != cfg.sessions()) {
            throw new IllegalStateException("the live update lost something: " + diffs);
        }
    }
}
