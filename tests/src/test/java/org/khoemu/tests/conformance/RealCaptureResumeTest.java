// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Linux 6.19.6 handover read by khoemu with no sidecar and no {@code --abi}: inspect
 * decodes every structure and resume restores the three sessions with the SHA-256 values the
 * capture recorded (its capture.json, written when the real kernel ran).
 */
class RealCaptureResumeTest {
    @TempDir
    Path tmp;

    @Test
    void inspectDecodesEverything() throws IOException {
        JsonObject c = RealCapture.json();
        var r = RealCapture.khoemu("inspect", RealCapture.pages().toString());
        assertEquals(0, r.code(), r.err());
        JsonObject a = c.getAsJsonObject("addresses");
        String o = r.out();
        assertTrue(o.contains("ABI profile v6.19 (LUO FDT compatible \"" + c.getAsJsonObject("kernel")
                .getAsJsonObject("compatibles").get("session").getAsString() + "\")"), o);
        assertTrue(o.contains(String.format("boot_params @ 0x%x", RealCapture.hex(a.get("boot_params")))), o);
        assertTrue(o.contains(String.format("setup_data[0] @ 0x%x: type 10 (SETUP_KEXEC_KHO)",
                RealCapture.hex(a.get("setup_data_kho")))), o);
        assertTrue(o.contains(String.format("KHO FDT @ 0x%x", RealCapture.hex(a.get("kho_fdt")))), o);
        assertTrue(o.contains(String.format("preserved-memory-map @ 0x%x", RealCapture.hex(a.get("preserved_memory_map")))), o);
        assertTrue(o.contains(String.format("LUO FDT @ 0x%x", RealCapture.hex(a.get("luo_fdt")))), o);
        assertTrue(o.contains(String.format("session block @ 0x%x (v6.19 layout, luo-session-v2): count 3",
                RealCapture.hex(a.get("session_block")))), o);
        int i = 0;
        for (JsonElement k : c.getAsJsonArray("kho_scratch")) {
            assertTrue(o.contains(String.format("kho_scratch[%d]: 0x%x + 0x%x", i++, RealCapture.hex(k.getAsJsonObject()
                    .get("addr")), RealCapture.hex(k.getAsJsonObject().get("size")))), o);
        }
        i = 0;
        for (JsonElement s : c.getAsJsonObject("workload").getAsJsonArray("sessions")) {
            JsonObject so = s.getAsJsonObject();
            assertTrue(o.contains("session[" + i++ + "] \"" + so.get("name").getAsString() + "\""), o);
            for (JsonElement f : so.getAsJsonArray("files")) {
                JsonObject fo = f.getAsJsonObject();
                assertTrue(o.contains(String.format("compatible \"%s\", data 0x", fo.get("compatible").getAsString())), o);
                assertTrue(o.contains(String.format("token 0x%x, size %d, sha256 %s", RealCapture.hex(fo.get("token")),
                        fo.get("size").getAsLong(), fo.get("sha256").getAsString())), o);
            }
        }
    }

    @Test
    void resumeRestoresTheThreeSessions() throws IOException {
        var r = RealCapture.khoemu("resume", RealCapture.pages().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().endsWith(expectedSessions() + "3 session(s), 3 file(s) retrieved and finished\n"
                + "identical to what kernel A preserved (" + RealCapture.dir().resolve("capture.json").toAbsolutePath()
                + " (the captured workload))\n" + "outcome (kernel B hardened): HARMLESS\n"), r.out());
    }

    /** The captured workload is the expectation: a capture.json that says otherwise is a difference. */
    @Test
    void resumeHoldsTheCaptureAgainstItsCaptureJson() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("sha"));
        Files.copy(RealCapture.pages(), d.resolve("handover.pages"));
        String json = Files.readString(RealCapture.dir().resolve("capture.json"));
        String sha = "ce43e44b4eb8d69e941affd1f7469eda914499f4ea22840fdaa0b8440b966567";
        assertTrue(json.contains(sha));
        Files.writeString(d.resolve("capture.json"), json.replace(sha, "0".repeat(64)));
        var r = RealCapture.khoemu("resume", d.resolve("handover.pages").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith("khoemu: resume: session 'session-0' token 0x10000000000: sha256 " + "0".repeat(64)
                + " preserved, " + sha + " restored"), r.err());
    }

    static String expectedSessions() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonElement s : RealCapture.json().getAsJsonObject("workload").getAsJsonArray("sessions")) {
            JsonObject so = s.getAsJsonObject();
            sb.append(String.format("session \"%s\": %d file(s)%n", so.get("name").getAsString(), so.getAsJsonArray("files").size()));
            for (JsonElement f : so.getAsJsonArray("files")) {
                JsonObject fo = f.getAsJsonObject();
                sb.append(String.format("  file token 0x%x, size %d, sha256 %s%n", RealCapture.hex(fo.get("token")),
                        fo.get("size").getAsLong(), fo.get("sha256").getAsString()));
            }
        }
        return sb.toString();
    }

    /**
     * The capture's kernel has KEXEC_HANDOVER_ENABLE_DEFAULT: with {@code kho=on} blanked out of the
     * command line page, kernel B still has KHO (and LUO) when capture.json says so or with
     * {@code --kho-default-on}, and has not without either.
     */
    @Test
    void khoIsOnByDefaultWhenTheConfigSaysSo() throws IOException {
        byte[] pages = Files.readAllBytes(RealCapture.pages());
        String text = new String(pages, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(" kho=on");
        assertTrue(at > 0 && text.indexOf(" kho=on", at + 1) < 0, "one kho=on in the command line page");
        for (int i = 0; i < 7; i++) {
            pages[at + i] = ' ';
        }
        Path with = Files.createDirectories(tmp.resolve("with"));
        Files.write(with.resolve("handover.pages"), pages);
        Files.copy(RealCapture.dir().resolve("capture.json"), with.resolve("capture.json"));
        var r = RealCapture.khoemu("resume", with.resolve("handover.pages").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 session(s), 3 file(s) retrieved and finished\n"), r.out());
        assertTrue(r.out().endsWith(" (the captured workload))\noutcome (kernel B hardened): HARMLESS\n"), r.out());

        Path without = Files.createDirectories(tmp.resolve("without"));
        Files.write(without.resolve("handover.pages"), pages);
        Path bare = without.resolve("handover.pages");
        var noRam = RealCapture.khoemu("inspect", bare.toString());
        assertEquals(1, noRam.code());
        assertEquals("khoemu: " + bare + ": a page file holds no RAM size: give --ram (or put its capture.json beside it)\n",
                noRam.err());
        var noRsi = RealCapture.khoemu("inspect", "--ram", "1G", bare.toString());
        assertEquals("khoemu: " + bare + ": capture page file names no boot_params (no RSI in it): give --rsi ADDR "
                + "(boot_params) or --kho-fdt ADDR\n", noRsi.err());
        String rsi = RealCapture.json().getAsJsonObject("registers").get("rsi").getAsString();
        var off = RealCapture.khoemu("resume", "--ram", "1G", "--rsi", rsi, without.resolve("handover.pages").toString());
        assertEquals(1, off.code(), off.out());
        assertTrue(off.err().contains("luo: Disabling liveupdate because KHO is disabled"), off.err());
        var on = RealCapture.khoemu("resume", "--ram", "1G", "--rsi", rsi, "--kho-default-on",
                without.resolve("handover.pages").toString());
        assertEquals(0, on.code(), on.err());
        assertTrue(on.out().contains(expectedSessions() + "3 session(s), 3 file(s) retrieved and finished\n"), on.out());
        assertTrue(on.out().endsWith("not compared with what kernel A preserved: no report.json beside the image and no "
                + "--expect; kernel B logged no warning and every listed file was retrieved\n"), on.out());
    }
}
