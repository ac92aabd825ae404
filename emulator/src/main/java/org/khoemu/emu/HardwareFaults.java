// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import java.util.Set;

/**
 * Hardware-level faults on one machine: bit flips and overwrites in RAM, and a power loss at a
 * named step of the kexec path (armed once, consumed when it fires).
 */
public final class HardwareFaults {
    public static final String STEP_RELOCATION = "relocation";
    public static final String STEP_PURGATORY = "purgatory";
    public static final String STEP_ENTRY = "entry";
    public static final Set<String> STEPS = Set.of(STEP_RELOCATION, STEP_PURGATORY, STEP_ENTRY);

    private final PhysicalMemory mem;
    private volatile String powerLossStep;
    /** An action armed at the start of a step (run once, on the host, while the guest waits). */
    private volatile String actionStep;
    private volatile Runnable action;

    HardwareFaults(PhysicalMemory mem) {
        this.mem = mem;
    }

    /** Inverts bit {@code bit} (0..7) of the byte at {@code pa}. */
    public void flipBit(long pa, int bit) {
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("bit must be 0..7: " + bit);
        }
        mem.write8(pa, (byte) (mem.read8(pa) ^ (1 << bit)));
    }

    public void zero(long pa, long len) {
        mem.fill(pa, len, (byte) 0);
    }

    public void fill(long pa, long len, byte value) {
        mem.fill(pa, len, value);
    }

    /** Arms a power loss at the start of {@code step} (one of {@link #STEPS}). */
    public void powerLossAt(String step) {
        if (!STEPS.contains(step)) {
            throw new IllegalArgumentException("unknown kexec step '" + step + "'; known: relocation, purgatory, entry");
        }
        powerLossStep = step;
    }

    public void clearPowerLoss() {
        powerLossStep = null;
    }

    public String armedPowerLoss() {
        return powerLossStep;
    }

    /**
     * Runs {@code action} once when the guest announces {@code step} (one of {@link #STEPS}),
     * before that step does anything: e.g. a change to RAM between relocation and purgatory's
     * digest check.
     */
    public void atStep(String step, Runnable action) {
        if (!STEPS.contains(step)) {
            throw new IllegalArgumentException("unknown kexec step '" + step + "'; known: relocation, purgatory, entry");
        }
        this.action = action;
        this.actionStep = step;
    }

    /** Runs (and disarms) the action armed for {@code step}, if any. */
    void runAction(String step) {
        Runnable a = action;
        if (a != null && step.equals(actionStep)) {
            action = null;
            actionStep = null;
            a.run();
        }
    }

    /** True (and disarms) when a power loss is armed for {@code step}. */
    boolean takePowerLoss(String step) {
        if (step.equals(powerLossStep)) {
            powerLossStep = null;
            return true;
        }
        return false;
    }
}
