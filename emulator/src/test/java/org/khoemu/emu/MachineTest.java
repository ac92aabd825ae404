// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.E820Entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineTest {
    static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    @Test
    void sixtyFourGibMachineStartsAndStaysSmall() throws IOException {
        try (Machine m = Machine.create(64L << 30)) {
            long top = (64L << 30) - 4096;
            m.mem().write64(top, 0xfeedL);
            // A guest load near the top of RAM, stored low: the CPU really maps all 64 GiB.
            // mov rax, [rbx]; mov [0x2000], rax; int 0x81
            m.mem().write(0x1000, new byte[] {0x48, (byte) 0x8b, 0x03, 0x48, (byte) 0x89, 0x04, 0x25, 0x00, 0x20, 0, 0,
                (byte) 0xcd, (byte) 0x81});
            m.cpu().setReg(X86Reg.RBX, top);
            assertEquals(GuestStop.Kind.STOPPED, m.cpu().run(0x1000, 100, 0, (c, nr, a, b, d, e) -> true, null).kind());
            assertEquals(0xfeedL, m.mem().read64(0x2000));
            long rss = rssKib();
            assertTrue(rss < 512 * 1024, "VmRSS " + rss + " KiB");
        }
    }

    /** The map SeaBIOS printed under QEMU for -m 256 is the one a 256 MiB machine gets. */
    @Test
    void firmwareMapIsQemusForTheRamSize() throws IOException {
        try (Machine m = Machine.create(256L << 20)) {
            assertEquals(QemuFirmwareMapTest.seabios().get(256L << 20), m.firmwareMap());
        }
        // where QEMU would split RAM around the PCI hole: the low megabyte reserved, the rest RAM
        try (Machine m = Machine.create(4L << 30)) {
            assertEquals(List.of(new E820Entry(0, 1 << 20, E820Entry.E820_TYPE_RESERVED),
                    new E820Entry(1 << 20, (4L << 30) - (1 << 20), E820Entry.E820_TYPE_RAM)), m.firmwareMap());
        }
        assertThrows(IllegalArgumentException.class, () -> Machine.create(64L << 20,
                List.of(new E820Entry(0, 128L << 20, E820Entry.E820_TYPE_RAM))));
    }

    /** The capture's e820 map (QEMU -m 1G): reserved entries above RAM are what real firmware writes. */
    @Test
    void realFirmwareMapWithReservedEntriesAboveRam() {
        List<E820Entry> qemu = List.of(new E820Entry(0, 0x9fc00, 1), new E820Entry(0x9fc00, 0x400, 2),
                new E820Entry(0xf0000, 0x10000, 2), new E820Entry(0x100000, 0x3fee0000, 1),
                new E820Entry(0x3ffe0000, 0x20000, 2), new E820Entry(0xfffc0000L, 0x40000, 2),
                new E820Entry(0xfd00000000L, 0x300000000L, 2));
        try (Machine m = Machine.create(1L << 30, qemu)) {
            assertEquals(qemu, m.firmwareMap());
        }
        assertEquals("firmware map RAM entry [0x100000, +0x40000000) lies outside RAM of 0x40000000 bytes",
                assertThrows(IllegalArgumentException.class, () -> Machine.create(1L << 30,
                        List.of(new E820Entry(0x100000, 1L << 30, 1)))).getMessage());
        assertEquals("firmware map entry [0x7ffffffffffff000, +0x2000) is empty, overlaps or is unsorted",
                assertThrows(IllegalArgumentException.class, () -> Machine.create(1L << 30,
                        List.of(new E820Entry(Long.MAX_VALUE - 0xfff, 0x2000, 2)))).getMessage());
    }

    @Test
    void twoMachinesInOneJvmAreIndependent() {
        try (Machine a = Machine.create(64L << 20); Machine b = Machine.create(64L << 20)) {
            a.mem().write64(0x100000, 1);
            b.mem().write64(0x100000, 2);
            assertEquals(1, a.mem().read64(0x100000));
            assertEquals(2, b.mem().read64(0x100000));
            a.cpu().setReg(X86Reg.R15, 11);
            b.cpu().setReg(X86Reg.R15, 22);
            assertEquals(11, a.cpu().reg(X86Reg.R15));
            assertEquals(22, b.cpu().reg(X86Reg.R15));
        }
    }

    @Test
    void coldResetClearsRamAndRegisters() {
        try (Machine m = Machine.create(64L << 20)) {
            m.mem().fill(0x200000, 1 << 20, (byte) 7);
            m.cpu().setReg(X86Reg.RAX, 5);
            m.faults().powerLossAt(HardwareFaults.STEP_ENTRY);
            m.coldReset();
            assertEquals(List.of(), m.mem().dataExtents(), "host pages released");
            assertEquals(0, m.mem().read64(0x200000 + 4096));
            assertEquals(0, m.cpu().reg(X86Reg.RAX));
            assertEquals(null, m.faults().armedPowerLoss());
        }
    }

    @Test
    void faultsFlipZeroAndFill() {
        try (Machine m = Machine.create(64L << 20)) {
            m.mem().write8(0x5000, (byte) 0x10);
            m.faults().flipBit(0x5000, 0);
            m.faults().flipBit(0x5000, 4);
            assertEquals(0x01, m.mem().read8(0x5000));
            m.faults().fill(0x6000, 100, (byte) 0xab);
            assertEquals((byte) 0xab, m.mem().read8(0x6000 + 99));
            assertEquals(0, m.mem().read8(0x6000 + 100));
            m.faults().zero(0x6000, 50);
            assertEquals(0, m.mem().read8(0x6000 + 49));
            assertEquals((byte) 0xab, m.mem().read8(0x6000 + 50));
            assertThrows(IllegalArgumentException.class, () -> m.faults().flipBit(0x5000, 8));
        }
    }
}
