// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several updates in one run, and a run that fails part-way without harming earlier artefacts. */
class RunFailuresTest {
    static int run(StringWriter sink, String... args) {
        return Main.execute(args, new PrintWriter(sink, true), new PrintWriter(sink, true));
    }

    @Test
    void anOutputDirectoryThatCannotBeMadeStopsTheRunBeforeItStarts(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        StringWriter s = new StringWriter();
        assertEquals(1, run(s, "run", "--out", file.resolve("out").toString(), "--ram", "128M"));
        assertTrue(s.toString().contains("khoemu: run: cannot create directory " + file.resolve("out") + ": "), s.toString());
        assertFalse(s.toString().contains("kernel A"), "no work was done: " + s);
        assertTrue(s.toString().contains("no outputs written"), s.toString());
    }

    /**
     * 64 MiB + 4 KiB of RAM: KHO cannot reserve its scratch area and turns itself off, so there
     * is no /dev/liveupdate. The one line says so with the kernel's own reason, without -v.
     */
    @Test
    void aMissingDeviceIsExplainedByTheKernelLog(@TempDir Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(1, Main.execute(new String[] {"run", "--out", out.toString(), "--ram=65540K"}, new PrintWriter(o, true),
                new PrintWriter(e, true)), o + "" + e);
        assertEquals(1, e.toString().lines().count(), e.toString());
        assertTrue(e.toString().startsWith("khoemu: run: ENOENT: /dev/liveupdate: no such device; the kernel log says: "
                + "KHO: Failed to reserve scratch area, disabling kexec handover"), e.toString());
    }

    @Test
    void threeUpdatesEndWithLiveupdateNumberThree(@TempDir Path out) throws Exception {
        StringWriter s = new StringWriter();
        assertEquals(0, run(s, "run", "--out", out.toString(), "--ram", "128M", "--sessions", "2", "--files-per-session", "1",
                "--memfd-size", "4K", "--updates", "3"), s.toString());
        JsonObject r = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals(3, r.get("liveupdate_number").getAsLong());
        assertEquals(3, r.getAsJsonArray("updates").size());
        for (int g = 0; g < 3; g++) {
            JsonObject u = r.getAsJsonArray("updates").get(g).getAsJsonObject();
            assertEquals(g + 1, u.get("liveupdate_number").getAsLong());
            assertTrue(u.get("match").getAsBoolean());
        }
        // the image is the last handover: kernel 3 hands generation 3's sessions to kernel 4
        CliOutputs.Proc p = CliOutputs.khoemu("resume", out.resolve("handover.img").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("liveupdate-number 3,"), p.out());
        assertTrue(p.out().contains("session \"gen3-session-1\": 1 file(s)"), p.out());
    }

    @Test
    void theV619GenerationRunsAndTheToolsRecogniseIt(@TempDir Path out) throws Exception {
        StringWriter s = new StringWriter();
        assertEquals(0, run(s, "run", "--out", out.toString(), "--ram", "128M", "--sessions", "2", "--files-per-session", "2",
                "--memfd-size", "5000", "--abi", "v6.19"), s.toString());
        JsonObject r = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals("v6.19", r.getAsJsonObject("config").get("abi").getAsString());
        assertTrue(Files.readString(out.resolve("luo.dts")).contains("compatible = \"luo-session-v2\";"));
        JsonObject u = r.getAsJsonArray("updates").get(0).getAsJsonObject();
        CliOutputs.Proc in = CliOutputs.khoemu("inspect", "--hex", out.resolve("handover.img").toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(in.out().contains("(v6.19 layout, luo-session-v2): count 2"), in.out());
        assertTrue(in.out().contains("file_set_ser.count"), in.out());
        assertEquals(CliOutputs.fromReport(u.getAsJsonArray("preserved")), CliOutputs.fromInspect(in.out()));
        CliOutputs.Proc re = CliOutputs.khoemu("resume", out.resolve("handover.img").toString());
        assertEquals(0, re.code(), re.err());
        assertEquals(CliOutputs.fromReport(u.getAsJsonArray("restored")), CliOutputs.fromResume(re.out()));
    }

    @Test
    void aFailedRunKeepsEarlierArtefactsAndSaysWhy(@TempDir Path out) throws Exception {
        StringWriter s = new StringWriter();
        assertEquals(0, run(s, "run", "--out", out.toString(), "--ram", "128M", "--sessions", "1", "--memfd-size", "4K"));
        byte[] image = Files.readAllBytes(out.resolve("kho.dtb"));
        // 820 sessions do not fit the seed's 16-page session block (819): CREATE_SESSION fails
        StringWriter f = new StringWriter();
        StringWriter ferr = new StringWriter();
        assertEquals(1, Main.execute(new String[] {"run", "--out", out.toString(), "--ram", "128M", "--sessions", "820",
                "--files-per-session", "0"}, new PrintWriter(f, true), new PrintWriter(ferr, true)), f + "" + ferr);
        String why = "userspace A: create sessions, preserve memfds: CREATE_SESSION \"session-819\": ENOMEM";
        // said once: one line on stderr; stdout's timeline marks the phase FAILED without repeating why
        assertEquals(1, ferr.toString().lines().count(), ferr.toString());
        assertTrue(ferr.toString().startsWith("khoemu: run: " + why), ferr.toString());
        assertFalse(f.toString().contains("CREATE_SESSION"), f.toString());
        assertTrue(f.toString().contains("userspace A: create sessions, preserve memfds"), f.toString());
        assertFalse(f.toString().contains("\tat ") || ferr.toString().contains("\tat "), f.toString());
        assertArrayEquals(image, Files.readAllBytes(out.resolve("kho.dtb")));
        assertTrue(Files.isRegularFile(out.resolve("handover.img")));
        JsonObject r = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertFalse(r.get("ok").getAsBoolean());
        assertTrue(r.get("failure").getAsString().startsWith(why), r.toString());
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }
}
