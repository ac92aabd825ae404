// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.PhysicalMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The capture page format (u64 LE address + 4096 bytes per record, ascending) and the raw
 * pmemsave format, written here by hand from their descriptions and read back into RAM.
 */
class PagesFileTest {
    static final long RAM = 64L << 20;
    @TempDir
    Path dir;

    static byte[] records(long... addrs) {
        ByteBuffer b = ByteBuffer.allocate(addrs.length * PagesFile.RECORD).order(ByteOrder.LITTLE_ENDIAN);
        for (long a : addrs) {
            b.putLong(a);
            for (int i = 0; i < 4096; i++) {
                b.put((byte) (a >>> 12 ^ i));
            }
        }
        return b.array();
    }

    PagesFile write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return PagesFile.open(p, content.length, RAM, Map.of());
    }

    @Test
    void pagesLandAtTheirAddresses() throws IOException {
        PagesFile f = write("ok.pages", records(0x3000, 0x2f0000, RAM - 4096));
        assertEquals(3, f.pages());
        try (PhysicalMemory mem = new PhysicalMemory(RAM)) {
            assertEquals(3, f.copyInto(mem));
            for (long a : new long[] {0x3000, 0x2f0000, RAM - 4096}) {
                assertEquals((byte) (a >>> 12 ^ 77), mem.read8(a + 77));
            }
            assertEquals(0, mem.read64(0x4000), "everything else reads zero");
        }
    }

    @Test
    void badRecordsAreNamed() throws IOException {
        Path p = dir.resolve("x.pages");
        assertEquals(p + ": 4105 bytes is not a whole number of 4104-byte page records (u64 address + 4096 bytes)",
                assertThrows(DumpException.class, () -> write("x.pages", new byte[4105])).getMessage());
        assertEquals(p + ": record 1 (file offset 0x1008): page address 0x2001 is not page aligned",
                assertThrows(DumpException.class, () -> write("x.pages", records(0x1000, 0x2001))).getMessage());
        assertEquals(p + ": record 1 (file offset 0x1008): page address 0x1000 does not follow 0x1000 in ascending order",
                assertThrows(DumpException.class, () -> write("x.pages", records(0x1000, 0x1000))).getMessage());
        assertEquals(p + ": record 0 (file offset 0x0): page address 0x4000000 lies outside RAM of 0x4000000 bytes",
                assertThrows(DumpException.class, () -> write("x.pages", records(RAM))).getMessage());
        assertEquals(p + ": record 0 (file offset 0x0): page address 0xfffffffffffff000 lies outside RAM of 0x4000000 bytes",
                assertThrows(DumpException.class, () -> write("x.pages", records(-4096))).getMessage());
    }

    @Test
    void rawFileIsPhysicalMemory() throws IOException {
        Path p = dir.resolve("ram.bin");
        byte[] ram = new byte[8 << 20];
        ram[0x123456] = 0x5a;
        Files.write(p, ram);
        RawRamFile f = RawRamFile.open(p, ram.length, RAM);
        assertEquals(1, f.notes().size(), "a file shorter than --ram says so");
        try (PhysicalMemory mem = new PhysicalMemory(RAM)) {
            assertEquals(1, f.copyInto(mem), "only the one non-zero page is copied");
            assertEquals(0x5a, mem.read8(0x123456));
        }
        assertEquals(p + ": 0x800000 bytes are more than the 0x400000 bytes of RAM given with --ram",
                assertThrows(DumpException.class, () -> RawRamFile.open(p, ram.length, 4 << 20)).getMessage());
    }

    @Test
    void captureJsonGivesRamRegistersAndConfig() {
        CaptureJson c = CaptureJson.parse("{\"machine\": {\"ram_bytes\": \"0x40000000\"}, \"registers\": {\"rsi\": "
                + "\"0x3dbf9000\"}, \"kernel\": {\"config\": \"tinyconfig + KEXEC_HANDOVER KEXEC_HANDOVER_ENABLE_DEFAULT\"}}", "c");
        assertEquals(0x40000000L, c.ramBytes());
        assertEquals(0x3dbf9000L, c.registers().get(org.khoemu.emu.X86Reg.RSI));
        assertEquals(true, c.khoDefaultOn());
        assertEquals(false, CaptureJson.parse("{\"kernel\": {\"config\": \"KEXEC_HANDOVER_ENABLE_DEFAULTX\"}}", "c")
                .khoDefaultOn());
        assertEquals("c: registers.rsi 12 is not a hex string like \"0x1000\"", assertThrows(DumpException.class,
                () -> CaptureJson.parse("{\"registers\": {\"rsi\": 12}}", "c")).getMessage());
    }
}
