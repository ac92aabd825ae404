// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.scenario.Progress;
import org.khoemu.scenario.ScenarioConfig;

import java.util.List;

/**
 * The one machine {@code khoemu serve} holds and the kernel now running on it, with its LUO.
 * A kexec runs the same guest code as {@code khoemu run} (kexec_file_load, reboot(KEXEC),
 * relocation, purgatory, entry) and boots the next kernel from RAM and boot_params alone.
 * Callers hold this object's monitor: one request at a time, as one CPU.
 */
public final class ServedMachine implements AutoCloseable {
    private final Machine machine;
    private final LuoAbiProfile abi;
    private final LuoUapiChecks checks;
    private Kernel kernel;
    private Luo luo;
    /** 0 for the cold-booted kernel, then one more per kexec; clients of an older one are stale. */
    private int generation;

    public ServedMachine(long ramBytes, LuoAbiProfile abi) {
        this(ramBytes, abi, LuoUapiChecks.of(abi));
    }

    /** The same, every kernel with the session-fd checks of {@code checks}' generation. */
    public ServedMachine(long ramBytes, LuoAbiProfile abi, LuoUapiChecks checks) {
        this.machine = Machine.create(ramBytes);
        this.abi = abi;
        this.checks = checks;
        this.luo = new Luo(abi, checks);
        this.kernel = Kernel.coldBoot(machine.mem(), machine.firmwareMap(), ScenarioConfig.CMDLINE,
                new KernelLog("A"), Progress.NONE, List.of(luo));
    }

    public int generation() {
        return generation;
    }

    /** A new process of the running kernel, with {@code /dev/liveupdate}. */
    public UserProcess newProcess() {
        return new UserProcess(kernel, luo);
    }

    public Luo luo() {
        return luo;
    }

    /** The kernel now running (its KHO and allocator state, for the lifecycle fuzzer's checks). */
    public Kernel kernel() {
        return kernel;
    }

    /** The LUO ABI profile every kernel of this machine speaks. */
    public LuoAbiProfile abi() {
        return abi;
    }

    /**
     * kexec_file_load and reboot(KEXEC) on the emulated CPU, then the next kernel's boot from the
     * handover. Returns a line for the user; throws when the kexec did not reach the new kernel.
     */
    public String kexec() {
        kernel.kexecFileLoad(machine.kexecHardware(), ScenarioConfig.CMDLINE);
        KexecOutcome outcome = kernel.rebootKexec(machine.kexecHardware());
        if (!outcome.booted()) {
            throw new IllegalStateException("kexec did not reach the next kernel: " + outcome.failure());
        }
        generation++;
        Luo next = new Luo(abi, checks);
        String name = generation == 1 ? "B" : "k" + generation;
        kernel = Kernel.bootFromHandover(machine.mem(), outcome.bootParams(), new KernelLog(name), Progress.NONE,
                List.of(next));
        luo = next;
        return String.format("kernel %s booted from the handover at boot_params 0x%x; liveupdate-number %d", name,
                outcome.bootParams(), next.incomingNumber());
    }

    @Override
    public void close() {
        machine.close();
    }
}
