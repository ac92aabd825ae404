// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.emu.X86Reg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code CORE}/{@code NT_PRSTATUS} notes of an ELF core, one per CPU: {@code struct
 * elf_prstatus} with its {@code pr_reg} as the kernel lays it out for x86-64 (at offset 112:
 * r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs,
 * eflags, rsp, ...; 336 bytes in all) or for i386 (at offset 72: ebx, ecx, edx, esi, edi, ebp,
 * eax, ds, es, fs, gs, orig_eax, eip, cs, eflags, esp, ss; 144 bytes in all).
 */
final class ElfNotes {
    static final int PRSTATUS64_SIZE = 336;
    static final int PRSTATUS64_REGS = 112;
    static final int PRSTATUS32_SIZE = 144;
    static final int PRSTATUS32_REGS = 72;
    static final X86Reg[] REGS64 = {X86Reg.R15, X86Reg.R14, X86Reg.R13, X86Reg.R12, X86Reg.RBP, X86Reg.RBX,
        X86Reg.R11, X86Reg.R10, X86Reg.R9, X86Reg.R8, X86Reg.RAX, X86Reg.RCX, X86Reg.RDX, X86Reg.RSI, X86Reg.RDI,
        null, X86Reg.RIP, null, X86Reg.RFLAGS, X86Reg.RSP};
    static final X86Reg[] REGS32 = {X86Reg.RBX, X86Reg.RCX, X86Reg.RDX, X86Reg.RSI, X86Reg.RDI, X86Reg.RBP,
        X86Reg.RAX, null, null, null, null, null, X86Reg.RIP, null, X86Reg.RFLAGS, X86Reg.RSP};

    private ElfNotes() {
    }

    /** The registers of every {@code CORE} {@code NT_PRSTATUS} note in {@code notes}. */
    static List<Map<X86Reg, Long>> prstatus(ByteBuffer notes, int machine, String where) {
        List<Map<X86Reg, Long>> cpus = new ArrayList<>();
        int pos = 0;
        int end = notes.limit();
        while (end - pos >= 12) {
            long namesz = Integer.toUnsignedLong(notes.getInt(pos));
            long descsz = Integer.toUnsignedLong(notes.getInt(pos + 4));
            int type = notes.getInt(pos + 8);
            long nameAt = pos + 12L;
            long descAt = nameAt + align4(namesz);
            long next = descAt + align4(descsz);
            if (next > end) {
                throw new DumpException(String.format("%s: note at offset %d (namesz %d, descsz %d) runs past the "
                        + "segment of %d bytes", where, pos, namesz, descsz, end));
            }
            byte[] name = new byte[(int) namesz];
            notes.get((int) nameAt, name);
            if (type == ElfCore.NT_PRSTATUS && "CORE\0".equals(new String(name, StandardCharsets.ISO_8859_1))) {
                cpus.add(registers(notes, (int) descAt, descsz, machine, where + ": NT_PRSTATUS note " + cpus.size()));
            }
            pos = (int) next;
        }
        return cpus;
    }

    private static Map<X86Reg, Long> registers(ByteBuffer b, int at, long size, int machine, String where) {
        boolean x64 = machine == ElfCore.EM_X86_64;
        int want = x64 ? PRSTATUS64_SIZE : PRSTATUS32_SIZE;
        if (size != want) {
            throw new DumpException(String.format("%s is %d bytes, expected %d for %s", where, size, want,
                    x64 ? "x86-64" : "i386"));
        }
        Map<X86Reg, Long> r = new EnumMap<>(X86Reg.class);
        X86Reg[] order = x64 ? REGS64 : REGS32;
        int base = at + (x64 ? PRSTATUS64_REGS : PRSTATUS32_REGS);
        for (int i = 0; i < order.length; i++) {
            if (order[i] != null) {
                r.put(order[i], x64 ? b.getLong(base + 8 * i) : Integer.toUnsignedLong(b.getInt(base + 4 * i)));
            }
        }
        return r;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}
