// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

/**
 * Names the kimage entry a relocation fault happened on. The relocation code keeps its state in
 * registers (relocate.S): RBX = the entry being handled, R8 = the slot after it (0 while the
 * head is handled), R9 = the destination cursor, RAX = the source cursor while copying. A CPU
 * fault only says which address was outside RAM; these say which entry led there.
 */
final class RelocationFault {
    private static final long IND_INDIRECTION = 0x2;
    private static final long IND_SOURCE = 0x8;

    private RelocationFault() {
    }

    /** Where an entry was read from: {@code slot} is its address, -8 for the list head. */
    static String slot(long slot) {
        return slot == -8 ? "the list head" : String.format("0x%x", slot);
    }

    /** A clause to append to the CPU's fault sentence, read from the stopped CPU's registers. */
    static String context(Cpu cpu, long ramSize) {
        long entry = cpu.reg(X86Reg.RBX);
        long next = cpu.reg(X86Reg.R8);
        if (next != 0 && (next < 0 || next > ramSize - 8)) {
            // Reading a slot failed: an indirection pointed out of RAM, or the list ran off its end.
            if ((entry & 0xfff) == IND_INDIRECTION && next == (entry & ~0xfffL)) {
                return String.format(", reading the first slot of the indirection page named by entry 0x%x", entry);
            }
            return String.format(", reading the kimage entry at 0x%x after entry 0x%x at %s",
                    next, entry, slot(next - 8));
        }
        if ((entry & 0xfff) == IND_SOURCE) {
            return String.format(", copying IND_SOURCE entry 0x%x at %s from page 0x%x to destination 0x%x",
                    entry, slot(next - 8), entry & ~0xfffL, cpu.reg(X86Reg.R9) & ~0xfffL);
        }
        return String.format(", at kimage entry 0x%x at %s", entry, slot(next - 8));
    }
}
