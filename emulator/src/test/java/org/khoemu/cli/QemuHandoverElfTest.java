// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handover in an ELF core that QEMU 7.2's dump-guest-memory wrote: a 64 MiB PC whose RAM above
 * 1 MiB holds a khoemu v6.19 handover and whose CPU stopped with ESI = its boot_params
 * ({@code conformance/make-elf-fixture.sh}). inspect and resume take it with no option: RAM
 * size from the segments, boot_params from the NT_PRSTATUS note, the profile from the LUO FDT;
 * what kernel B restores is what the run's report.json (written then) says kernel A preserved.
 */
class QemuHandoverElfTest {
    @TempDir
    static Path dir;
    static Path elf;
    static JsonObject report;

    @BeforeAll
    static void unpack() throws IOException {
        elf = dir.resolve("qemu-handover.elf");
        try (InputStream in = new GZIPInputStream(
                QemuHandoverElfTest.class.getResourceAsStream("/org/khoemu/emu/dump/qemu-handover.elf.gz"))) {
            Files.write(elf, in.readAllBytes());
        }
        try (InputStream in = QemuHandoverElfTest.class.getResourceAsStream("/org/khoemu/emu/dump/qemu-handover.report.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("expect.json"), json);
            report = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("updates").get(0).getAsJsonObject();
        }
    }

    @Test
    void inspectReadsItWithNoOption() {
        var r = MainOptionsTest.run("inspect", elf.toString());
        assertEquals(0, r.code(), r.err());
        String bp = report.getAsJsonObject("addresses").get("boot_params").getAsString();
        assertTrue(r.out().startsWith("image " + elf + ": ELF core (dump-guest-memory), 64 MiB of RAM, ABI profile v6.19 "
                + "(LUO FDT compatible \"luo-session-v2\"), "), r.out());
        assertTrue(r.out().contains("boot_params (saved RSI) " + bp), r.out());
        assertTrue(r.out().contains("note: PT_LOAD [0xffff0000, +0x10000) lies above RAM"), r.out());
    }

    @Test
    void resumeRestoresWhatKernelAPreserved() {
        var r = MainOptionsTest.run("resume", "--expect", dir.resolve("expect.json").toString(), elf.toString());
        assertEquals(0, r.code(), r.err());
        for (JsonElement s : report.getAsJsonArray("preserved")) {
            JsonObject so = s.getAsJsonObject();
            assertTrue(r.out().contains("session \"" + so.get("name").getAsString() + "\""), r.out());
            for (JsonElement f : so.getAsJsonArray("files")) {
                JsonObject fo = f.getAsJsonObject();
                assertTrue(r.out().contains("file token " + fo.get("token").getAsString() + ", size "
                        + fo.get("size").getAsLong() + ", sha256 " + fo.get("sha256").getAsString()), r.out());
            }
        }
        assertTrue(r.out().contains("2 session(s), 2 file(s) retrieved and finished\n"), r.out());
        assertTrue(r.out().endsWith("identical to what kernel A preserved (" + dir.resolve("expect.json") + " (update 1))\n"
                + "outcome (kernel B hardened): HARMLESS\n"), r.out());
    }
}
