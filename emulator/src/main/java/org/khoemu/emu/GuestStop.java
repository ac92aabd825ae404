// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

/**
 * How a {@link Cpu#run} ended. {@code STOPPED}: a hypercall handler stopped the CPU;
 * {@code BUDGET}: the instruction budget ran out; {@code TIMEOUT}: the time budget ran out;
 * {@code HALTED}: the guest executed {@code hlt}; {@code FAULT}: Unicorn reported an error
 * (unmapped access, invalid instruction...), described in {@code detail}.
 */
public record GuestStop(Kind kind, long rip, String detail) {
    public enum Kind { STOPPED, BUDGET, TIMEOUT, HALTED, FAULT }

    /** One sentence for a stop that is not {@code STOPPED}. */
    public String describe(long instructionBudget, long timeoutMicros) {
        return switch (kind) {
            case STOPPED -> String.format("guest stopped at RIP=0x%x", rip);
            case BUDGET -> String.format("guest exceeded its budget of %d instructions at RIP=0x%x", instructionBudget, rip);
            case TIMEOUT -> String.format("guest exceeded its time budget of %d ms at RIP=0x%x", timeoutMicros / 1000, rip);
            case HALTED -> String.format("guest halted at RIP=0x%x", rip);
            case FAULT -> String.format("guest fault at RIP=0x%x: %s", rip, detail);
        };
    }
}
