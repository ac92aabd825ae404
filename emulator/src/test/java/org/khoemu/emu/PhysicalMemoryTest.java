// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.khoemu.kernel.port.MachineCheck;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhysicalMemoryTest {
    /** 3 GiB, so accesses across the 1 GiB views can be tested; sparse, so it costs nothing. */
    private static PhysicalMemory mem;
    private static final long SIZE = 3L << 30;

    @BeforeAll
    static void up() {
        mem = new PhysicalMemory(SIZE);
    }

    @AfterAll
    static void down() {
        mem.close();
    }

    @Test
    void scalarsAreLittleEndian() {
        mem.write64(0x1000, 0x0807060504030201L);
        assertEquals(0x01, mem.read8(0x1000));
        assertEquals(0x0201, mem.read16(0x1000));
        assertEquals(0x04030201, mem.read32(0x1000));
        assertEquals(0x0807060504030201L, mem.read64(0x1000));
        mem.write16(0x1001, (short) 0xaabb);
        mem.write32(0x1004, 0xdeadbeef);
        assertArrayEquals(new byte[] {1, (byte) 0xbb, (byte) 0xaa, 4, (byte) 0xef, (byte) 0xbe, (byte) 0xad, (byte) 0xde},
                mem.read(0x1000, 8));
    }

    @Test
    void accessesStraddlingAOneGibViewWork() {
        long edge = 1L << 30;
        mem.write64(edge - 3, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, mem.read64(edge - 3));
        assertEquals(0x55667788, mem.read32(edge - 3));
        assertEquals(0x44, mem.read8(edge + 1));
        mem.write32(edge - 1, 0xa1b2c3d4);
        assertEquals((short) 0xc3d4, mem.read16(edge - 1));
        byte[] big = new byte[10000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        mem.write(2 * edge - 5000, big);
        assertArrayEquals(big, mem.read(2 * edge - 5000, big.length));
        ByteBuffer w = mem.window(2 * edge - 8, 16);
        assertEquals(mem.read64(2 * edge - 8), w.getLong(0));
        w.putLong(8, 42);
        assertEquals(42, mem.read64(2 * edge));
    }

    @Test
    void windowIsAViewNotACopy() {
        ByteBuffer w = mem.window(0x5000, 4096);
        w.putInt(16, 0x12345678);
        assertEquals(0x12345678, mem.read32(0x5010));
        mem.write64(0x5020, -1L);
        assertEquals(-1L, w.getLong(32));
        assertEquals(mem.hostAddress(0, 1) + 0x5000, mem.hostAddress(0x5000, 4096));
    }

    @Test
    void bulkFillCopyAndStrings() {
        mem.fill(0x10000, 8192, (byte) 0x5a);
        assertEquals(0x5a5a5a5a5a5a5a5aL, mem.read64(0x10000 + 8184));
        mem.write64(0x20000, 77);
        mem.copy(0x20008, 0x20000, 16);
        assertEquals(77, mem.read64(0x20008));
        mem.writeCString(0x30000, "luo-session-v1");
        assertEquals("luo-session-v1", mem.readCString(0x30000, 64));
        assertThrows(IllegalArgumentException.class, () -> mem.readCString(0x10000, 100));
    }

    @Test
    void everyOutOfRangeAccessIsAMachineCheck() {
        long[] bad = {-1, SIZE, SIZE - 1, Long.MAX_VALUE};
        for (long pa : bad) {
            List<Executable> accesses = List.of(
                    () -> mem.read16(pa), () -> mem.read32(pa), () -> mem.read64(pa),
                    () -> mem.write16(pa, (short) 0), () -> mem.write32(pa, 0), () -> mem.write64(pa, 0),
                    () -> mem.read(pa, 2), () -> mem.write(pa, new byte[2]), () -> mem.fill(pa, 2, (byte) 0),
                    () -> mem.copy(pa, 0, 2), () -> mem.copy(0, pa, 2), () -> mem.window(pa, 2),
                    () -> mem.hostAddress(pa, 2));
            for (Executable a : accesses) {
                MachineCheck mc = assertThrows(MachineCheck.class, a);
                assertTrue(mc.getMessage().contains("outside RAM [0, 0xc0000000)"), mc.getMessage());
            }
        }
        assertThrows(MachineCheck.class, () -> mem.read8(SIZE));
        assertThrows(MachineCheck.class, () -> mem.write8(-1, (byte) 1));
        assertEquals(0, mem.read8(SIZE - 1));
    }

    @Test
    void discardZeroesAndDataExtentsFindTouchedPages() {
        try (PhysicalMemory m = new PhysicalMemory(64L << 20)) {
            assertEquals(List.of(), m.dataExtents());
            m.write8(0x3000010, (byte) 9);
            List<long[]> ext = m.dataExtents();
            assertEquals(1, ext.size());
            assertTrue(ext.get(0)[0] <= 0x3000010 && ext.get(0)[1] > 0x3000010);
            m.discard(0x3000000, 4096);
            assertEquals(0, m.read8(0x3000010));
            assertTrue(m.isZeroPage(0x3000000));
        }
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(1L << 20));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory((64L << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(65L << 30));
    }

    /** True when some mapping of this process covers host address {@code a}. */
    private static boolean mapped(long a) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            if (Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), a) <= 0
                    && Long.compareUnsigned(a, Long.parseUnsignedLong(range[1], 16)) < 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void closedRamKeepsItsAddressRangeOnlyUpToTheBound() throws Exception {
        long old = PhysicalMemory.retiredLimit(2 * PhysicalMemory.MIN_SIZE);
        try {
            long[] bases = new long[3];
            for (int i = 0; i < 3; i++) {
                PhysicalMemory m = new PhysicalMemory(PhysicalMemory.MIN_SIZE);
                bases[i] = m.hostBase();
                m.write64(0, 7);
                m.close();
                assertThrows(IllegalStateException.class, () -> m.window(0, 8));
            }
            // The two newest closed RAMs stay reserved (a stale view reads zeros); the oldest is gone.
            assertTrue(mapped(bases[1]) && mapped(bases[2]));
            assertTrue(!mapped(bases[0]), () -> String.format("0x%x still mapped", bases[0]));
            assertEquals(0, ((ByteBuffer) new com.sun.jna.Pointer(bases[2]).getByteBuffer(0, 8)).getLong(0));
        } finally {
            PhysicalMemory.retiredLimit(old);
        }
    }
}
