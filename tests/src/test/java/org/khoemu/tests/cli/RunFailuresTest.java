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
        // a bad --out is a bad option: exit 2, one line, checked before any work
        assertEquals(2, run(s, "run", "--out", file.resolve("out").toString(), "--ram", "128M"));
        assertTrue(s.toString().startsWith("khoemu: invalid value for --out: '" + file.resolve("out") + "' (expected a "
                + "directory khoemu can write: cannot create directory " + file.resolve("out") + ": "), s.toString());
        assertEquals(1, s.toString().lines().count(), "no work was done: " + s);
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

    /**
     * A run that fails part-way says why once, and leaves no artefact of the run before it: a
     * new run removes them first, so report.json never sits beside another run's image.
     */
    @Test
    void aFailedRunSaysWhyOnceAndLeavesNoArtefactOfAnotherRun(@TempDir Path out) throws Exception {
        StringWriter s = new StringWriter();
        assertEquals(0, run(s, "run", "--out", out.toString(), "--ram", "128M", "--sessions", "1", "--memfd-size", "4K"));
        assertTrue(Files.isRegularFile(out.resolve("kho.dtb")));
        // 64 MiB + 4 KiB: no room for KHO scratch, so no /dev/liveupdate for userspace A
        StringWriter f = new StringWriter();
        StringWriter ferr = new StringWriter();
        assertEquals(1, Main.execute(new String[] {"run", "--out", out.toString(), "--ram", "65540K", "--sessions", "1",
                "--memfd-size", "4K"}, new PrintWriter(f, true), new PrintWriter(ferr, true)), f + "" + ferr);
        String why = "ENOENT: /dev/liveupdate: no such device";
        // said once: one line on stderr, not repeated in stdout's timeline
        assertEquals(1, ferr.toString().lines().count(), ferr.toString());
        assertTrue(ferr.toString().startsWith("khoemu: run: " + why), ferr.toString());
        assertFalse(f.toString().contains(why), f.toString());
        assertTrue(f.toString().contains("FAILED"), f.toString());
        assertFalse(f.toString().contains("\tat ") || ferr.toString().contains("\tat "), f.toString());
        for (String stale : new String[] {"handover.img", "handover.img.json", "kho.dtb", "kho.dts", "luo.dtb", "luo.dts"}) {
            assertFalse(Files.exists(out.resolve(stale)), stale + " of the earlier run is still there");
        }
        JsonObject r = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertFalse(r.get("ok").getAsBoolean());
        assertTrue(r.get("failure").getAsString().startsWith(why), r.toString());
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }
}
