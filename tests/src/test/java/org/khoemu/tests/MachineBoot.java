// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests;

import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.port.KexecOutcome;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernels on an emulated machine, one after the other: a cold boot from the firmware map, the
 * kexec through the guest code on the CPU, and the next kernel built from RAM and the
 * boot_params address the entry stub reported. Nothing else passes between two kernels.
 */
public final class MachineBoot {
    private MachineBoot() {
    }

    /** Kernel "A" cold-booted on {@code m}. */
    public static Kernel cold(Machine m, String cmdline, KernelSubsystem... subsystems) {
        return Kernel.coldBoot(m.mem(), m.firmwareMap(), cmdline, new KernelLog("A"), StepObserver.NONE,
                List.of(subsystems));
    }

    /** {@code kexec_file_load} and {@code reboot(KEXEC)} on the machine's CPU; fails the test unless it booted. */
    public static KexecOutcome kexec(Machine m, Kernel k, String nextCmdline) {
        k.kexecFileLoad(m.kexecHardware(), nextCmdline);
        KexecOutcome out = k.rebootKexec(m.kexecHardware());
        assertTrue(out.booted(), () -> "kexec failed: " + out.failure());
        return out;
    }

    /** The kernel the entry stub handed {@code bootParams} to, logging as {@code name}. */
    public static Kernel next(Machine m, long bootParams, String name, KernelSubsystem... subsystems) {
        return Kernel.bootFromHandover(m.mem(), bootParams, new KernelLog(name), StepObserver.NONE, List.of(subsystems));
    }
}
