// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTest {
    private static Machine machine;
    private static final long CODE = 0x100000;
    private static final long DATA = 0x200000;

    @BeforeAll
    static void up() {
        machine = Machine.create(64L << 20);
    }

    @AfterAll
    static void down() {
        machine.close();
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void javaAndGuestSeeEachOthersStoresOnTheSameMapping() {
        PhysicalMemory mem = machine.mem();
        // mov rax,[0x200000]; mov [0x200008],rax; mov rbx,[0x200010]; int 0x81
        mem.write(CODE, bytes(0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x20, 0x00,
                0x48, 0x89, 0x04, 0x25, 0x08, 0x00, 0x20, 0x00,
                0x48, 0x8b, 0x1c, 0x25, 0x10, 0x00, 0x20, 0x00,
                0xcd, 0x81));
        for (long v : new long[] {0x1122334455667788L, 0xcafef00dd00dfeedL}) {
            mem.write64(DATA, v);
            mem.write64(DATA + 16, ~v);
            List<Long> seen = new ArrayList<>();
            GuestStop stop = machine.cpu().run(CODE, 1000, 0, (cpu, nr, a0, a1, a2, a3) -> {
                seen.add(cpu.reg(X86Reg.RBX));
                return true;
            }, null);
            assertEquals(GuestStop.Kind.STOPPED, stop.kind());
            assertEquals(CODE + 26, stop.rip());
            assertEquals(v, mem.read64(DATA + 8), "guest store seen by Java");
            assertEquals(v, machine.cpu().reg(X86Reg.RAX));
            assertEquals(List.of(~v), seen, "Java store seen by a guest load");
        }
    }

    @Test
    void infiniteLoopEndsAtTheInstructionBudget() {
        machine.mem().write(CODE + 0x100, bytes(0x48, 0xff, 0xc0, 0xeb, 0xfb)); // 1: inc rax; jmp 1b
        machine.cpu().setReg(X86Reg.RAX, 0);
        GuestStop stop = machine.cpu().run(CODE + 0x100, 100_000, 0, null, null);
        assertEquals(GuestStop.Kind.BUDGET, stop.kind());
        long incs = machine.cpu().reg(X86Reg.RAX);
        assertTrue(incs > 0 && incs <= 50_000, "inc count " + incs);
        assertTrue(stop.describe(100_000, 0).startsWith("guest exceeded its budget of 100000 instructions at RIP=0x1001"),
                stop.describe(100_000, 0));
    }

    @Test
    void infiniteLoopEndsAtTheTimeBudget() {
        machine.mem().write(CODE + 0x180, bytes(0xeb, 0xfe)); // jmp .
        GuestStop stop = machine.cpu().run(CODE + 0x180, 0, 50_000, null, null);
        assertEquals(GuestStop.Kind.TIMEOUT, stop.kind());
        assertEquals(CODE + 0x180, stop.rip());
        assertEquals("guest exceeded its time budget of 50 ms at RIP=0x100180", stop.describe(0, 50_000));
    }

    @Test
    void accessOutsideRamIsAFaultWithTheAddress() {
        // mov rax, [0x8000000] (beyond 64 MiB)
        machine.mem().write(CODE + 0x200, bytes(0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x00, 0x08));
        GuestStop stop = machine.cpu().run(CODE + 0x200, 1000, 0, null, null);
        assertEquals(GuestStop.Kind.FAULT, stop.kind());
        assertEquals("read of 8 bytes at 0x8000000 outside RAM [0, 0x4000000)", stop.detail());
    }

    @Test
    void otherExceptionsStopWithTheirVector() {
        machine.mem().write(CODE + 0x280, bytes(0x90, 0xcc)); // nop; int3
        GuestStop stop = machine.cpu().run(CODE + 0x280, 1000, 0, (cpu, nr, a0, a1, a2, a3) -> true, null);
        assertEquals(GuestStop.Kind.FAULT, stop.kind());
        assertEquals("unexpected interrupt or exception vector 3", stop.detail());
        machine.mem().write(CODE + 0x290, bytes(0x0f, 0x0b)); // ud2
        stop = machine.cpu().run(CODE + 0x290, 1000, 0, (cpu, nr, a0, a1, a2, a3) -> true, null);
        assertEquals(GuestStop.Kind.FAULT, stop.kind());
        assertTrue(stop.describe(0, 0).startsWith("guest fault at RIP=0x100290: "), stop.describe(0, 0));
    }

    @Test
    void haltIsReported() {
        machine.mem().write(CODE + 0x300, bytes(0x90, 0xf4));
        GuestStop stop = machine.cpu().run(CODE + 0x300, 1000, 0, null, null);
        assertEquals(GuestStop.Kind.HALTED, stop.kind());
        assertEquals(CODE + 0x301, stop.rip());
    }

    @Test
    void hostRewrittenCodeRunsAfterInvalidation() {
        long at = CODE + 0x400;
        machine.mem().write(at, bytes(0xb8, 0x01, 0, 0, 0, 0xcd, 0x81)); // mov eax,1; int 0x81
        machine.cpu().run(at, 100, 0, (cpu, nr, a0, a1, a2, a3) -> true, null);
        assertEquals(1, machine.cpu().reg(X86Reg.RAX));
        machine.mem().write(at + 1, bytes(0x02));
        machine.cpu().invalidateCode(at, 7);
        machine.cpu().run(at, 100, 0, (cpu, nr, a0, a1, a2, a3) -> true, null);
        assertEquals(2, machine.cpu().reg(X86Reg.RAX));
        machine.mem().write(at + 1, bytes(0x03));
        machine.cpu().invalidateAllCode();
        machine.cpu().run(at, 100, 0, (cpu, nr, a0, a1, a2, a3) -> true, null);
        assertEquals(3, machine.cpu().reg(X86Reg.RAX));
    }

    @Test
    void blockObserverSeesCodeTranslatedInAnEarlierRunWithoutIt() {
        long at = CODE + 0x500;
        // mov ecx,3; 1: dec ecx; jnz 1b; int 0x81
        machine.mem().write(at, bytes(0xb9, 3, 0, 0, 0, 0xff, 0xc9, 0x75, 0xfc, 0xcd, 0x81));
        machine.cpu().run(at, 1000, 0, (cpu, nr, a0, a1, a2, a3) -> true, null);
        List<Long> blocks = new ArrayList<>();
        machine.cpu().run(at, 1000, 0, (cpu, nr, a0, a1, a2, a3) -> true, (a, size) -> blocks.add(a) && false);
        assertEquals(List.of(at, at + 5, at + 5, at + 9), blocks);
    }

    @Test
    void registersRoundTrip() {
        for (X86Reg r : X86Reg.values()) {
            if (r != X86Reg.RFLAGS) {
                machine.cpu().setReg(r, 0x1000L + r.ordinal());
            }
        }
        for (X86Reg r : X86Reg.values()) {
            if (r != X86Reg.RFLAGS) {
                assertEquals(0x1000L + r.ordinal(), machine.cpu().reg(r), r.name());
            }
        }
    }
}
