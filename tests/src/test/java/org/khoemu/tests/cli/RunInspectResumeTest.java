// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.cli.Main;
import org.khoemu.emu.Machine;
import org.khoemu.emu.image.RamImage;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code khoemu run} with small parameters on the real machine, then its artefacts checked by
 * the other tools: inspect and resume each in a process of their own must name the same
 * sessions and files (tokens, sizes, SHA-256) as report.json, and dtc must read the DTBs as our
 * DTS files say.
 */
class RunInspectResumeTest {
    static final String[] ARTEFACTS = {"handover.img", "handover.img.json", "kho.dtb", "kho.dts", "luo.dtb", "luo.dts",
            "report.json"};

    @TempDir
    static Path out;
    static int code;
    static String stdout;
    static JsonObject report;

    @BeforeAll
    static void run() throws IOException {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        code = Main.execute(new String[] {"run", "--out", out.toString(), "--ram", "256M", "--sessions", "3",
                "--files-per-session", "2", "--memfd-size", "12K", "--seed", "7"}, new PrintWriter(o, true), new PrintWriter(e, true));
        stdout = o + e.toString();
        report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    }

    static JsonObject update0() {
        return report.getAsJsonArray("updates").get(0).getAsJsonObject();
    }

    @Test
    void runSucceedsAndWritesEveryArtefact() {
        assertEquals(0, code, stdout);
        for (String a : ARTEFACTS) {
            assertTrue(Files.isRegularFile(out.resolve(a)), a + "\n" + stdout);
        }
        assertTrue(stdout.contains("outputs in " + out.toAbsolutePath()), stdout);
        assertTrue(stdout.contains("guest purgatory"), stdout);
    }

    @Test
    void reportSaysKernelBRestoredWhatKernelAPreserved() {
        assertTrue(report.get("ok").getAsBoolean());
        JsonObject u = update0();
        assertTrue(u.get("match").getAsBoolean(), u.toString());
        assertEquals(0, u.getAsJsonArray("differences").size());
        assertEquals(1, report.get("liveupdate_number").getAsLong());
        Map<String, List<String>> a = CliOutputs.fromReport(u.getAsJsonArray("preserved"));
        assertEquals(3, a.size());
        assertEquals(List.of("session-0", "session-1", "session-2"), List.copyOf(a.keySet()));
        a.values().forEach(files -> assertEquals(2, files.size()));
        a.values().forEach(files -> files.forEach(f -> assertTrue(f.contains(" 12288 "), f)));
        assertEquals(a, CliOutputs.fromReport(u.getAsJsonArray("restored")));
        for (String k : List.of("boot_params", "kho_fdt", "luo_fdt", "session_block")) {
            assertNotEquals("0x0", u.getAsJsonObject("addresses").get(k).getAsString(), k);
        }
    }

    @Test
    void inspectInItsOwnProcessDecodesTheSameSessions() throws Exception {
        CliOutputs.Proc p = CliOutputs.khoemu("inspect", out.resolve("handover.img").toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(CliOutputs.fromReport(update0().getAsJsonArray("preserved")), CliOutputs.fromInspect(p.out()), p.out());
        JsonObject addr = update0().getAsJsonObject("addresses");
        assertTrue(p.out().contains("boot_params @ " + addr.get("boot_params").getAsString() + ":"), p.out());
        assertTrue(p.out().contains("KHO FDT @ " + addr.get("kho_fdt").getAsString() + " "), p.out());
        assertTrue(p.out().contains("LUO FDT @ " + addr.get("luo_fdt").getAsString() + " "), p.out());
        assertTrue(p.out().contains("session block @ " + addr.get("session_block").getAsString() + " (seed-v6 layout"), p.out());
        assertTrue(p.out().contains("liveupdate-number 1,"), p.out());
    }

    @Test
    void resumeInItsOwnProcessRestoresTheSameSessions() throws Exception {
        CliOutputs.Proc p = CliOutputs.khoemu("resume", out.resolve("handover.img").toString());
        assertEquals(0, p.code(), p.out() + p.err());
        assertEquals(CliOutputs.fromReport(update0().getAsJsonArray("restored")), CliOutputs.fromResume(p.out()), p.out());
        assertTrue(p.out().contains("liveupdate-number 1,"), p.out());
        assertTrue(p.out().contains("3 session(s), 6 file(s) retrieved and finished"), p.out());
    }

    /** The run's image, loaded, changed by {@code edit}, and saved as a new image; returns its path. */
    static Path edited(String name, java.util.function.Consumer<Machine> edit) {
        Path copy = out.resolve(name);
        RamImage.Loaded l = RamImage.load(out.resolve("handover.img"));
        try (Machine m = l.machine()) {
            edit.accept(m);
            RamImage.save(m, copy, l.sidecar().abiProfile(), Map.of("producer", "RunInspectResumeTest"));
        }
        return copy;
    }

    static long address(String key) {
        return Long.decode(update0().getAsJsonObject("addresses").get(key).getAsString());
    }

    static CliOutputs.Proc inProcess(String... args) {
        return CliOutputs.inProcess(args);
    }

    /** Kernel B, not a decoder, judges the image: its panic reason is the one line printed. */
    @Test
    void resumeOfAPatchedSessionCompatiblePrintsKernelBsPanic() {
        Path img = edited("v9.img", m -> {
            long fdt = address("luo_fdt");
            String page = new String(m.mem().read(fdt, 4096), StandardCharsets.ISO_8859_1);
            int at = page.indexOf("luo-session-v1");
            assertTrue(at > 0);
            m.mem().write(fdt + at, "luo-session-v9".getBytes(StandardCharsets.ISO_8859_1));
        });
        CliOutputs.Proc p = inProcess("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertEquals("khoemu: kernel B panic: luo: Session node incompatible [luo-session-v1]\n", p.err());
    }

    /**
     * A session name filling all 56 bytes (no NUL): the seed's deserializer keeps 55 of them
     * with strscpy and boots on, so resume retrieves the session under that name; inspect shows
     * it the same way, flagged.
     */
    @Test
    void aFullLengthSessionNameResumesUnderItsTruncatedName() {
        String full = "y".repeat(56);
        Path img = edited("name56.img", m -> m.mem().write(address("session_block") + 16,
                full.getBytes(StandardCharsets.US_ASCII)));
        CliOutputs.Proc p = inProcess("resume", img.toString());
        // kernel B takes the name cut to 55 bytes; the report beside the image says kernel A
        // preserved "session-0", so the verdict is a difference, named on both sides
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("session 'session-0' was preserved but not restored"), p.out());
        assertTrue(p.out().contains("session '" + "y".repeat(55) + "' was restored but never preserved"), p.out());
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        CliOutputs.fromReport(update0().getAsJsonArray("restored")).forEach((k, v) -> expected.put(
                k.equals("session-0") ? "y".repeat(55) : k, v));
        assertEquals(expected, CliOutputs.fromResume(p.out()), p.out());
        CliOutputs.Proc in = inProcess("inspect", img.toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(in.out().contains("session[0] \"" + "y".repeat(55) + "\" (no NUL in 56 bytes: truncated"), in.out());
    }

    /**
     * The seed's first open succeeds even when deserializing fails (here: a count beyond
     * LUO_SESSION_MAX); userspace cannot tell, so resume reads kernel B's log, and the sessions
     * the report says were preserved are each a difference.
     */
    @Test
    void aDeserializeFailureThatTheSeedOpenHidesIsReported() {
        Path img = edited("count.img", m -> m.mem().write64(address("session_block") + SeedV6.LUO_SESSION_HEADER_SER.offset("count"), 5000));
        CliOutputs.Proc p = inProcess("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertEquals("khoemu: resume: kernel B logged: luo: Incoming session count 5000 exceeds LUO_SESSION_MAX 819 "
                + "(and 4 more difference(s))\n", p.err());
        assertTrue(p.out().contains("kernel B logged: luo: deserializing incoming sessions failed: EINVAL: bad incoming "
                + "session count"), p.out());
        assertTrue(p.out().contains("session 'session-0' was preserved but not restored"), p.out());
        assertTrue(p.out().contains("kernel B booted from"), p.out());
    }

    @Test
    void dtcReadsTheDtbsAsOurDtsSays() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")), "dtc (device-tree-compiler) not installed");
        for (String name : List.of("kho", "luo")) {
            Process p = new ProcessBuilder("/usr/bin/dtc", "-I", "dtb", "-O", "dts", out.resolve(name + ".dtb").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), name);
            assertEquals(dts, Files.readString(out.resolve(name + ".dts")), name);
        }
        assertTrue(Files.readString(out.resolve("luo.dts")).contains("compatible = \"luo-session-v1\";"));
        assertTrue(Files.readString(out.resolve("kho.dts")).contains("compatible = \"kho-v1\";"));
    }
}
