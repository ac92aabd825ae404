// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.KexecHardware;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;
import org.khoemu.kernel.port.PurgatoryParams;

import java.util.ArrayList;
import java.util.List;

/**
 * The kexec hardware path of a {@link Machine}: relocation, purgatory and the kernel entry stub
 * run as guest code on its CPU. Each stage announces itself with a hypercall. Instructions are
 * counted per translated block from the instruction offsets the build recorded, which is also
 * how the instruction budget is enforced (Unicorn's own counter hooks every instruction and
 * halves the speed). A stage's count covers the code of its own image; a block outside every
 * guest image (a wild jump) counts as one instruction towards the budget.
 */
public final class MachineKexec implements KexecHardware {
    /** Default instruction budget for one kexec (SHA-256 over tens of MiB fits easily). */
    public static final long DEFAULT_INSTRUCTION_BUDGET = 4_000_000_000L;
    /** Default time budget for one kexec. */
    public static final long DEFAULT_TIMEOUT_MICROS = 120_000_000L;

    private static final String[] STAGE_NAMES = {
        HardwareFaults.STEP_RELOCATION, HardwareFaults.STEP_PURGATORY, HardwareFaults.STEP_ENTRY,
    };

    /** The guest programs, loaded once per JVM. */
    private static final class Blobs {
        static final GuestBlob RELOCATE = GuestBlob.load("relocate");
        static final GuestBlob PURGATORY = GuestBlob.load("purgatory");
        static final GuestBlob ENTRY = GuestBlob.load("entry");
        static final GuestBlob[] BY_STAGE = {RELOCATE, PURGATORY, ENTRY};
        static final byte[] PURGATORY_IMAGE = PURGATORY.image();
        static final int MAX_REGIONS = PurgatoryBlock.maxRegions(PURGATORY_IMAGE);
    }

    private final Machine machine;
    private volatile long instructionBudget = DEFAULT_INSTRUCTION_BUDGET;
    private volatile long timeoutMicros = DEFAULT_TIMEOUT_MICROS;

    MachineKexec(Machine machine) {
        this.machine = machine;
    }

    /** Sets the budget of one {@link #machineKexec} run; 0 means unlimited. */
    public void setBudget(long instructions, long timeoutMicros) {
        if (instructions < 0 || timeoutMicros < 0) {
            throw new IllegalArgumentException("budgets must be >= 0");
        }
        this.instructionBudget = instructions;
        this.timeoutMicros = timeoutMicros;
    }

    public long instructionBudget() {
        return instructionBudget;
    }

    @Override
    public byte[] entryStubImage() {
        return Blobs.ENTRY.image();
    }

    @Override
    public int purgatoryMaxRegions() {
        return Blobs.MAX_REGIONS;
    }

    @Override
    public byte[] purgatoryImage(PurgatoryParams params) {
        return PurgatoryBlock.patch(Blobs.PURGATORY_IMAGE, params);
    }

    /** Size of the relocation code that {@link #machineKexec} copies into the control page. */
    public static int relocationCodeSize() {
        return Blobs.RELOCATE.length();
    }

    @Override
    public KexecOutcome machineKexec(long indirectionHead, long controlPage, long startAddress) {
        PhysicalMemory mem = machine.mem();
        if ((controlPage & (PhysicalMemory.PAGE_SIZE - 1)) != 0 || controlPage < 0
                || controlPage > mem.size() - PhysicalMemory.PAGE_SIZE) {
            return KexecOutcome.failed(String.format(
                    "machine_kexec: control page 0x%x is not a page-aligned page inside RAM", controlPage), List.of());
        }
        mem.write(controlPage, Blobs.RELOCATE.image());
        Cpu cpu = machine.cpu();
        // Host-written code: the relocation code, and whatever the loader put at the start address
        // directly. Code the guest itself copies into place is tracked by Unicorn.
        cpu.invalidateCode(controlPage, PhysicalMemory.PAGE_SIZE);
        if (startAddress >= 0 && startAddress <= mem.size() - Blobs.PURGATORY.length()) {
            cpu.invalidateCode(startAddress, Blobs.PURGATORY.length());
        }
        cpu.resetRegisters();
        cpu.setReg(X86Reg.RDI, indirectionHead);
        cpu.setReg(X86Reg.RSI, startAddress);
        cpu.setReg(X86Reg.RSP, controlPage + PhysicalMemory.PAGE_SIZE);
        long budget = instructionBudget;
        long timeout = timeoutMicros;
        Run run = new Run(mem, budget, System.nanoTime());
        GuestStop stop = cpu.run(controlPage, 0, timeout, run, run);
        long now = System.nanoTime();
        if (run.budgetHit) {
            stop = new GuestStop(GuestStop.Kind.BUDGET, stop.rip(), null);
        }
        if (run.failure == null && !run.booted) {
            run.failure = run.stageName() + ": " + stop.describe(budget, timeout);
            if (stop.kind() == GuestStop.Kind.FAULT && run.stage <= GuestAbi.STAGE_RELOCATION) {
                run.failure += RelocationFault.context(cpu, mem.size());
            }
        }
        run.finishStage(now);
        return run.booted ? KexecOutcome.booted(run.bootParams, run.stages)
                : KexecOutcome.failed(run.failure, run.stages);
    }

    /** The state of one kexec run: current stage, its counters, and the result. */
    private final class Run implements Cpu.HypercallHandler, Cpu.BlockObserver {
        private static final int MAX_PENDING = 16;
        final PhysicalMemory mem;
        final List<KexecStage> stages = new ArrayList<>();
        final List<long[]> pending = new ArrayList<>();
        int stage = -1;
        long base;
        long instructions;
        /** Instructions of all stages, plus one per block outside any image: checked against the budget. */
        long total;
        final long budget;
        boolean budgetHit;
        long stageStart;
        boolean booted;
        long bootParams;
        String failure;

        Run(PhysicalMemory mem, long budget, long t0) {
            this.mem = mem;
            this.budget = budget;
            this.stageStart = t0;
        }

        String stageName() {
            return stage < 0 ? HardwareFaults.STEP_RELOCATION : STAGE_NAMES[stage];
        }

        @Override
        public boolean onBlock(long address, int size) {
            long n;
            boolean known = stage >= 0 && address >= base && address - base < Blobs.BY_STAGE[stage].length();
            if (known) {
                n = Blobs.BY_STAGE[stage].instructionsIn(address - base, address - base + size);
            } else {
                // The first block of a program runs before its stage hypercall names it: counted
                // as one now, exactly once the hypercall says which image it belongs to.
                n = 1;
                if (pending.size() < MAX_PENDING) {
                    pending.add(new long[] {address, size});
                }
            }
            if (budget > 0 && total + n > budget) {
                budgetHit = true;
                return true;
            }
            total += n;
            if (known) {
                instructions += n;
            }
            return false;
        }

        void finishStage(long now) {
            if (stage >= 0) {
                stages.add(new KexecStage(STAGE_NAMES[stage], instructions, now - stageStart));
                stage = -1;
            }
        }

        @Override
        public boolean onHypercall(Cpu cpu, long nr, long a0, long a1, long a2, long a3) {
            long now = System.nanoTime();
            if (nr == GuestAbi.HC_STAGE) {
                if (a0 < 0 || a0 >= STAGE_NAMES.length) {
                    failure = String.format("%s: guest announced unknown stage %d", stageName(), a0);
                    return true;
                }
                boolean first = stages.isEmpty() && stage < 0;
                finishStage(now);
                stage = (int) a0;
                base = a1;
                instructions = 0;
                if (!first) {
                    stageStart = now;
                }
                GuestBlob blob = Blobs.BY_STAGE[stage];
                for (long[] p : pending) {
                    long n = blob.instructionsIn(p[0] - base, p[0] - base + p[1]);
                    instructions += n;
                    total += Math.max(0, n - 1);
                }
                pending.clear();
                machine.faults().runAction(STAGE_NAMES[stage]);
                if (machine.faults().takePowerLoss(STAGE_NAMES[stage])) {
                    failure = "power loss at " + STAGE_NAMES[stage];
                    return true;
                }
                return false;
            }
            if (nr == GuestAbi.HC_BOOTED) {
                if (a0 != a1) {
                    failure = String.format("entry: booted with boot_params 0x%x but RSI = 0x%x", a0, a1);
                    return true;
                }
                booted = true;
                bootParams = a1;
                return true;
            }
            if (nr == GuestAbi.HC_FAIL) {
                failure = GuestErrors.describe(mem, a0, a1, a2, a3);
                return true;
            }
            failure = String.format("%s: unknown hypercall 0x%x", stageName(), nr);
            return true;
        }
    }
}
