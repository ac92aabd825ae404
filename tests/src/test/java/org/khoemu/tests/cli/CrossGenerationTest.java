// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live update from one ABI generation to another: kernel B is configured with its own profile
 * only and judges kernel A's bytes with it. Seed-v6 writes a {@code luo-session-v1} node and a
 * v6.19 kernel B checks for {@code luo-session-v2}, so it panics at boot with its own reason
 * (abi-reference 4.2: a bad session compatible is -EINVAL, and luo_restore_fail panics).
 */
class CrossGenerationTest {
    private static final String[] SMALL = {"--ram", "128M", "--sessions", "2", "--files-per-session", "1",
            "--memfd-size", "4K"};

    private static CliOutputs.Proc khoemu(String... args) {
        return CliOutputs.inProcess(args);
    }

    private static String[] small(Path out, String... args) {
        String[] all = new String[args.length + SMALL.length + 3];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(SMALL, 0, all, 1 + args.length, SMALL.length);
        all[all.length - 2] = "--out";
        all[all.length - 1] = out.toString();
        return all;
    }

    @Test
    void seedToV619EndsWithKernelBsOwnReasonAndResumeJudgesWithAnyProfile(@TempDir Path out) throws Exception {
        CliOutputs.Proc run = khoemu(small(out, "--abi-a", "seed-v6", "--abi-b", "v6.19"));
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("LUO ABI seed-v6 (kernel A) -> v6.19 (kernel B)"), run.out());
        assertEquals("khoemu: kernel B panic: luo: Session node incompatible [luo-session-v2]\n", run.err());

        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals("seed-v6", report.getAsJsonObject("config").get("abi").getAsString());
        assertEquals("v6.19", report.getAsJsonObject("config").get("abi_kernel_b").getAsString());
        assertEquals("luo: Session node incompatible [luo-session-v2]", report.get("kernel_b_refusal").getAsString());
        // what kernel A preserved is on record though kernel B refused it, so resume can compare
        JsonObject u = report.getAsJsonArray("updates").get(0).getAsJsonObject();
        assertEquals(2, u.getAsJsonArray("preserved").size());
        assertEquals(0, u.getAsJsonArray("restored").size());
        assertFalse(u.get("match").getAsBoolean());

        JsonObject sidecar = JsonParser.parseString(Files.readString(out.resolve("handover.img.json"))).getAsJsonObject();
        assertEquals("seed-v6", sidecar.get("abiProfile").getAsString());
        assertEquals("v6.19", sidecar.getAsJsonObject("extra").get("kernelBAbi").getAsString());

        String image = out.resolve("handover.img").toString();
        CliOutputs.Proc again = khoemu("resume", image);
        assertEquals(1, again.code(), again.out() + again.err());
        assertEquals("LUO ABI: kernel A wrote seed-v6 (sidecar); kernel B reads with v6.19 (the run's kernel B, "
                + "sidecar)\noutcome (kernel B hardened): REJECTED: panic: luo: Session node incompatible [luo-session-v2]\n",
                again.out());
        assertEquals("khoemu: kernel B panic: luo: Session node incompatible [luo-session-v2]\n", again.err());

        // the handover itself is sound: a kernel B of kernel A's generation restores all of it
        CliOutputs.Proc seed = khoemu("resume", "--abi", "seed-v6", image);
        assertEquals(0, seed.code(), seed.out() + seed.err());
        assertTrue(seed.out().startsWith("LUO ABI: kernel A wrote seed-v6 (sidecar); kernel B reads with seed-v6 (--abi)\n"),
                seed.out());
        assertTrue(seed.out().contains("identical to what kernel A preserved"), seed.out());
    }

    /** Same compatible, other entry size: kernel B of name64 takes the seed's block and reads it wrongly. */
    @Test
    void aKernelBThatAcceptsButMisreadsIsADifferenceNotARefusal(@TempDir Path out) throws Exception {
        CliOutputs.Proc run = khoemu(small(out, "--abi-a", "seed-v6", "--abi-b", "seed-v6-name64"));
        assertEquals(1, run.code(), run.out() + run.err());
        assertEquals("khoemu: run: kernel B did not restore what kernel A preserved (see the differences above)\n",
                run.err());
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertFalse(report.has("kernel_b_refusal"), report.toString());
        assertFalse(report.has("failure"), report.toString());
    }

    @Test
    void abiAloneStillMeansBothKernels(@TempDir Path out) throws Exception {
        CliOutputs.Proc run = khoemu(small(out, "--abi", "v6.19", "--abi-b", "v6.19"));
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains(", LUO ABI v6.19, kernel B hardened, out "), run.out());
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject()
                .getAsJsonObject("config");
        assertEquals("v6.19", config.get("abi").getAsString());
        assertEquals("v6.19", config.get("abi_kernel_b").getAsString());
    }

    @Test
    void badProfilesAndLimitsAreOneLineBeforeAnyWork(@TempDir Path out) {
        CliOutputs.Proc bad = khoemu(small(out, "--abi-b", "v7"));
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().startsWith("khoemu: invalid value for --abi-b: 'v7' (expected one of "), bad.err());
        for (LuoAbiProfile p : LuoAbiProfiles.all()) {
            assertTrue(bad.err().contains(p.name()), bad.err());
        }
        assertEquals(1, bad.err().lines().count(), bad.err());
        // with a second update kernel B's userspace creates the sessions too: its maximum holds
        int name64Max = 744; // abi-reference 1.4: 65520 / 88
        CliOutputs.Proc many = khoemu("run", "--abi-a", "seed-v6", "--abi-b", "seed-v6-name64", "--updates", "2",
                "--sessions", Integer.toString(name64Max + 1), "--out", out.toString());
        assertEquals(2, many.code(), many.out() + many.err());
        assertEquals("khoemu: invalid value for --sessions: " + (name64Max + 1) + " (expected 0 to " + name64Max
                + ", LUO_SESSION_MAX of the seed-v6-name64 profile)\n", many.err());
        assertEquals("", many.out());
    }
}
