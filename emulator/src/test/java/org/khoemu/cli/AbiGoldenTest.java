// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code khoemu abi golden} rebuilds, byte for byte, the pieces committed under
 * {@code src/test/resources/abi-golden/PROFILE}: a change to any layout, FDT or the annotated dump
 * shows here and must be deliberate (rewrite them with {@code khoemu abi golden --abi P --out
 * emulator/src/test/resources/abi-golden/P} and review the diff).
 */
class AbiGoldenTest {
    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "seed-v6-name64", "v6.19", "luo-v5"})
    void goldenImagesAreRebuiltByteForByte(String profile) throws IOException {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, Main.execute(new String[] {"abi", "golden", "--abi", profile, "--out", out.toString()},
                new PrintWriter(o, true), new PrintWriter(e, true)), e.toString());
        Path committed = Path.of("src", "test", "resources", "abi-golden", profile);
        assertEquals(names(committed), names(out));
        for (String name : names(committed)) {
            assertArrayEquals(Files.readAllBytes(committed.resolve(name)), Files.readAllBytes(out.resolve(name)),
                    profile + "/" + name);
        }
        assertEquals(names(out).size(), o.toString().lines().count(), "one line per file written");
    }

    /**
     * The committed session blocks read with abi-reference's own numbers (1.4, 2.1), not the
     * tables': header size and count offset, entry size, name length; three sessions, each
     * with a file array address after its name.
     */
    @ParameterizedTest
    @CsvSource({"seed-v6, 16, 8, 80, 56", "seed-v6-name64, 16, 8, 88, 64", "v6.19, 8, 0, 80, 64"})
    void committedSessionBlocksHaveTheReferencesLayout(String profile, int header, int countAt, int entry, int name)
            throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of("src", "test", "resources", "abi-golden", profile,
                "session-block.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(65536, b.capacity());
        assertEquals(3, b.getLong(countAt));
        for (int i = 0; i < 3; i++) {
            int e = header + i * entry;
            byte[] n = new byte[name];
            b.get(e, n);
            assertEquals("session-" + i, new String(n, StandardCharsets.US_ASCII).replace("\0", ""));
            long files = b.getLong(e + name);
            assertTrue(files != 0 && (files & 0xfff) == 0, profile + " session " + i + " files 0x" + Long.toHexString(files));
        }
        assertEquals(0, b.get(header + 3 * entry), "no fourth entry");
    }

    /**
     * The committed luo-v5 pieces read with abi-reference 2.3's own numbers, not the table's:
     * the 32-byte luo_ser ("luo-v5" in 8 bytes, number 1, the session chain's page, no FLB), one
     * session block ({next 0, count 3}, 80-byte entries from offset 16, the file chain at +64 and
     * its count at +72), and per session one file block ({0, 2}, 64-byte entries from 16).
     */
    @Test
    void committedLuoV5ChainsHaveTheReferencesLayout() throws IOException {
        Path dir = Path.of("src", "test", "resources", "abi-golden", "luo-v5");
        ByteBuffer ser = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("luo-ser.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32, ser.capacity());
        byte[] compat = new byte[8];
        ser.get(0, compat);
        assertArrayEquals("luo-v5\0\0".getBytes(StandardCharsets.US_ASCII), compat);
        assertEquals(1, ser.getLong(8));
        assertTrue(ser.getLong(16) != 0 && (ser.getLong(16) & 0xfff) == 0, "sessions_pa");
        assertEquals(0, ser.getLong(24), "flbs_pa");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("session-block-0.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4096, b.capacity());
        assertEquals(0, b.getLong(0), "one block: next 0");
        assertEquals(3, b.getLong(8));
        for (int i = 0; i < 3; i++) {
            int e = 16 + i * 80;
            byte[] n = new byte[64];
            b.get(e, n);
            assertEquals("session-" + i, new String(n, StandardCharsets.US_ASCII).replace("\0", ""));
            long files = b.getLong(e + 64);
            assertTrue(files != 0 && (files & 0xfff) == 0, "session " + i + " files 0x" + Long.toHexString(files));
            assertEquals(2, b.getLong(e + 72));
            ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("files-" + i + "-0.bin"))).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, f.getLong(0));
            assertEquals(2, f.getLong(8));
            for (int j = 0; j < 2; j++) {
                byte[] c = new byte[48];
                f.get(16 + j * 64, c);
                assertEquals("memfd-v1", new String(c, StandardCharsets.US_ASCII).replace("\0", ""));
                assertEquals(0x10000000000L + ((long) i << 20) + j, f.getLong(16 + j * 64 + 56), "token");
            }
            assertEquals(0, f.get(16 + 2 * 64), "no third file");
        }
        assertEquals(0, b.get(16 + 3 * 80), "no fourth entry");
    }

    /** dtc reads each committed FDT as the committed DTS says. */
    @ParameterizedTest
    @CsvSource({"seed-v6, kho-fdt", "seed-v6, luo-fdt", "seed-v6-name64, luo-fdt", "v6.19, luo-fdt", "luo-v5, kho-fdt"})
    void dtcReadsTheCommittedFdtsAsTheDtsSays(String profile, String fdt) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")), "dtc (device-tree-compiler) not installed");
        Path dir = Path.of("src", "test", "resources", "abi-golden", profile);
        Process p = new ProcessBuilder("/usr/bin/dtc", "-I", "dtb", "-O", "dts", dir.resolve(fdt + ".bin").toString())
                .redirectErrorStream(true).start();
        String dts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), dts);
        assertEquals(Files.readString(dir.resolve(fdt + ".dts")), dts);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
