// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.PhysicalMemory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged dumps: random bytes of QEMU's ELF core headers and notes, and of a page file's
 * addresses, are changed; every read either succeeds or ends in one DumpException sentence,
 * never another exception (no index error, no overflow, no allocation of a lying size).
 */
class DumpFuzzTest {
    static final int ROUNDS = 160;
    @TempDir
    Path dir;

    @Test
    void elfHeadersAndNotes() throws IOException {
        byte[] good;
        try (var in = new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(ElfCoreTest.FIXTURE + ".elf.gz"))) {
            good = in.readAllBytes();
        }
        SplittableRandom r = new SplittableRandom(10);
        Path p = dir.resolve("fuzz.elf");
        int ok = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = good.clone();
            for (int n = 1 + r.nextInt(4); n > 0; n--) {
                b[r.nextInt(0x4b8)] = (byte) r.nextInt(256);
            }
            Files.write(p, b);
            try {
                ElfCore c = ElfCore.open(p, b.length, 0);
                c.registers();
                c.read(0x10000, 64);
                ok++;
            } catch (DumpException e) {
                assertTrue(e.getMessage().startsWith(p.toString()) && !e.getMessage().contains("\n"), e.getMessage());
            }
        }
        assertTrue(ok > 0 && ok < ROUNDS, "both outcomes seen: " + ok);
    }

    @Test
    void pageFileAddresses() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        Path p = dir.resolve("fuzz.pages");
        int ok = 0;
        try (PhysicalMemory mem = new PhysicalMemory(64L << 20)) {
            for (int i = 0; i < ROUNDS / 4; i++) {
                byte[] b = PagesFileTest.records(0x1000, 0x5000, 0x9000);
                int rec = r.nextInt(3) * PagesFile.RECORD;
                b[rec + r.nextInt(8)] = (byte) r.nextInt(256);
                Files.write(p, b);
                try {
                    PagesFile f = PagesFile.open(p, b.length, 64L << 20, Map.of());
                    f.copyInto(mem);
                    ok++;
                } catch (DumpException e) {
                    assertTrue(e.getMessage().startsWith(p.toString()) && !e.getMessage().contains("\n"), e.getMessage());
                }
            }
        }
        assertTrue(ok > 0 && ok < ROUNDS / 4, "both outcomes seen: " + ok);
    }
}
