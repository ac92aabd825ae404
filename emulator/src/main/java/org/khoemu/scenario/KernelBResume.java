// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelHang;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.proc.UserProcess;

import java.util.List;

/**
 * Kernel B booted on a handover in RAM and its userspace taking back everything the kernel's
 * incoming list holds, as {@code resume} does: the one path shared by {@code resume} (which
 * prints it) and fault campaigns (which classify it). {@code stage} says how far it got.
 */
public record KernelBResume(Stage stage, String reason, Kernel kernel, Luo luo, Recovery.Result result) {
    /** How far kernel B and its userspace got. */
    public enum Stage {
        /** Kernel B panicked (or oopsed in a system call); {@code reason} is its panic reason. */
        PANIC,
        /** One of the model's step budgets stopped kernel B ({@link KernelHang}): a hang. */
        HUNG,
        /** An errno escaped kernel B's boot. */
        BOOT_FAILED,
        /** Kernel B booted but did not take the handover (KHO revival disabled). */
        KHO_REFUSED,
        /** open(/dev/liveupdate) failed: the incoming sessions could not be read. */
        OPEN_FAILED,
        /** Every listed session was asked for; {@code result} holds what came back. */
        RETRIEVED
    }

    /** Kernel B of the {@link KernelMode#DEFAULT} build, without allocation faults. */
    public static KernelBResume run(PhysMem mem, long bootParams, LuoAbiProfile profile, boolean khoDefaultOn,
                                    KernelLog log) {
        return run(mem, bootParams, profile, khoDefaultOn, log, KernelMode.DEFAULT, 0);
    }

    /**
     * Kernel B built as {@code mode}, its {@code failNth}-th page allocation failing with ENOMEM
     * (0: none; see {@code BuddyAllocator.failNth}). A panic or an oops anywhere, at boot or in a
     * system call of its userspace, ends the run as {@link Stage#PANIC}; a step budget as
     * {@link Stage#HUNG}.
     */
    public static KernelBResume run(PhysMem mem, long bootParams, LuoAbiProfile profile, boolean khoDefaultOn,
                                    KernelLog log, KernelMode mode, long failNth) {
        Luo luo = new Luo(profile, mode);
        Kernel[] booted = new Kernel[1];
        try {
            return boot(mem, bootParams, khoDefaultOn, log, failNth, luo, booted);
        } catch (KernelPanic e) {
            return new KernelBResume(Stage.PANIC, Failures.oneLine(e), booted[0], luo, null);
        } catch (KernelHang e) {
            return new KernelBResume(Stage.HUNG, e.getMessage(), booted[0], luo, null);
        }
    }

    private static KernelBResume boot(PhysMem mem, long bootParams, boolean khoDefaultOn, KernelLog log, long failNth,
                                      Luo luo, Kernel[] booted) {
        Kernel b;
        try {
            b = Kernel.bootFromHandover(mem, bootParams, log, StepObserver.NONE, List.of(luo), khoDefaultOn, failNth);
        } catch (KernelException e) {
            return new KernelBResume(Stage.BOOT_FAILED, e.getMessage(), null, luo, null);
        }
        booted[0] = b;
        if (!b.khoIn().isKhoBoot()) {
            return new KernelBResume(Stage.KHO_REFUSED, lastKhoLine(log), b, luo, null);
        }
        UserProcess p = new UserProcess(b, luo);
        int dev;
        try {
            dev = DevLiveupdate.open(p, log);
        } catch (KernelException e) {
            return new KernelBResume(Stage.OPEN_FAILED, e.getMessage(), b, luo, null);
        }
        // the first open deserialized the incoming sessions: that list is what there is to take
        List<Recovery.Expected> incoming = ImageSessions.expected(luo.incomingSessions());
        return new KernelBResume(Stage.RETRIEVED, null, b, luo, Recovery.retrieveAll(p, dev, incoming));
    }

    /** The most telling log line when the device is missing: KHO's or LUO's last word. */
    static String lastKhoLine(KernelLog log) {
        List<String> lines = log.lines();
        if (lines.isEmpty()) {
            return "no kernel log";
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("KHO") || lines.get(i).startsWith("luo")) {
                return lines.get(i);
            }
        }
        return lines.get(lines.size() - 1);
    }
}
