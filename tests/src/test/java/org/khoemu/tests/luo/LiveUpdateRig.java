// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.luo;

import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.tests.MachineBoot;

import java.util.List;
import java.util.function.Consumer;

/**
 * One emulated machine and the chain of kernels that runs on it. {@link #liveUpdate()} is the
 * real thing: {@code kexec_file_load}, {@code reboot(KEXEC)} through the CPU, and a new kernel
 * with a new {@link Luo} built from the boot_params address the entry stub reported.
 */
final class LiveUpdateRig implements AutoCloseable {
    static final long RAM = 256L << 20;
    /** As the selftests' VMs run: KHO and LUO on, default scratch sizing. */
    static final String CMDLINE = "kho=on liveupdate=on";

    private final Machine machine;
    private Kernel kernel;
    private Luo luo;
    private int generation;
    /** The session-fd checks of every kernel of this rig; null: those of each kernel's profile. */
    private final LuoUapiChecks checks;

    private LiveUpdateRig(Machine machine, String cmdline, LuoAbiProfile profile, LuoUapiChecks checks) {
        this.machine = machine;
        this.checks = checks;
        this.luo = checks == null ? new Luo(profile) : new Luo(profile, checks);
        this.kernel = MachineBoot.cold(machine, cmdline, luo);
    }

    static LiveUpdateRig coldBoot() {
        return coldBoot(CMDLINE);
    }

    static LiveUpdateRig coldBoot(String cmdline) {
        return coldBoot(cmdline, LuoAbiProfiles.DEFAULT);
    }

    static LiveUpdateRig coldBoot(String cmdline, LuoAbiProfile profile) {
        return coldBoot(cmdline, profile, null);
    }

    static LiveUpdateRig coldBoot(String cmdline, LuoAbiProfile profile, LuoUapiChecks checks) {
        Machine m = Machine.create(RAM);
        try {
            return new LiveUpdateRig(m, cmdline, profile, checks);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    Machine machine() {
        return machine;
    }

    Kernel kernel() {
        return kernel;
    }

    Luo luo() {
        return luo;
    }

    KernelLog log() {
        return kernel.log();
    }

    UserProcess process() {
        return new UserProcess(kernel, luo);
    }

    LuoTestUtils program() {
        return new LuoTestUtils(process());
    }

    List<String> outgoingNames() {
        return luo.outgoingSessions().stream().map(s -> s.name().toString()).toList();
    }

    /** Kexec into the next kernel with the same command line. */
    void liveUpdate() {
        liveUpdate(CMDLINE, ram -> { });
    }

    /**
     * Loads and enters the next kernel; {@code betweenKernels} sees RAM after the old kernel
     * stopped and before the new one starts (to damage it). Nothing but RAM and the reported
     * boot_params address reaches the new kernel.
     */
    void liveUpdate(String nextCmdline, Consumer<Machine> betweenKernels) {
        liveUpdate(nextCmdline, luo.profile(), betweenKernels);
    }

    /** The same, into a kernel whose LUO speaks {@code nextProfile}. */
    void liveUpdate(String nextCmdline, LuoAbiProfile nextProfile, Consumer<Machine> betweenKernels) {
        KexecOutcome o = MachineBoot.kexec(machine, kernel, nextCmdline);
        betweenKernels.accept(machine);
        kernel = null;
        luo = checks == null ? new Luo(nextProfile) : new Luo(nextProfile, checks);
        generation++;
        kernel = MachineBoot.next(machine, o.bootParams(), String.valueOf((char) ('A' + generation)), luo);
    }

    @Override
    public void close() {
        machine.close();
    }
}
