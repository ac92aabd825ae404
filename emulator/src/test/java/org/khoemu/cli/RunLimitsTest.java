// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * A run beyond what the profile or the RAM can hold is refused before any work, with one line
 * naming the limit (exit 2); the limits are in --help; a run at the RAM limit works.
 */
class RunLimitsTest {
    @TempDir
    Path tmp;

    private static void assertRefusedUpFront(MainOptionsTest.Result r, String... mustContain) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out(), "nothing ran, nothing printed");
        for (String s : mustContain) {
            assertTrue(r.err().contains(s), "missing '" + s + "' in " + r.err());
        }
    }

    @Test
    void sessionsBeyondTheProfileMaximumAreRefusedUpFront() {
        assertRefusedUpFront(run("run", "--sessions", "820", "--memfd-size", "4K", "--out", tmp.toString()),
                "--sessions: 820", "819", "LUO_SESSION_MAX", "seed-v6");
        assertFalse(Files.exists(tmp.resolve("report.json")));
        int v619 = LuoAbiProfiles.byName("v6.19").sessionMax();
        assertRefusedUpFront(run("run", "--abi", "v6.19", "--sessions", Integer.toString(v619 + 1),
                "--memfd-size", "4K", "--out", tmp.toString()), Integer.toString(v619), "v6.19");
    }

    @Test
    void filesBeyondTheProfileMaximumAreRefusedUpFront() {
        assertRefusedUpFront(run("run", "--sessions", "1", "--files-per-session", "129", "--memfd-size", "4K",
                "--out", tmp.toString()), "--files-per-session: 129", "128", "LUO_FILE_MAX", "seed-v6");
    }

    @Test
    void helpSaysTheProfileLimits() {
        MainOptionsTest.Result r = run("run", "--help");
        assertEquals(0, r.code());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("819"), help);
        assertTrue(help.contains("128"), help);
        assertTrue(help.contains("LUO_SESSION_MAX"), help);
        assertTrue(help.contains(Integer.toString(LuoAbiProfiles.byName("v6.19").sessionMax())), help);
    }

    @Test
    void totalBeyondRamIsRefusedUpFrontNamingTheLimit() {
        // 2 GiB is a quarter of 8 GiB, but 8 x 2 files of it are 32 GiB
        MainOptionsTest.Result r = run("run", "--ram", "8G", "--sessions", "8", "--memfd-size", "2G",
                "--out", tmp.toString());
        assertRefusedUpFront(r, "--memfd-size", "32 GiB", "8 GiB");
        assertFalse(r.err().contains("overflow"), r.err());
    }

    @Test
    void aMemfdLargerThanRamIsRefused() {
        assertRefusedUpFront(run("run", "--memfd-size", "1T", "--sessions", "1", "--files-per-session", "1",
                "--out", tmp.toString()), "--memfd-size: 1 TiB");
        assertRefusedUpFront(run("run", "--memfd-size", "8191P", "--sessions", "819", "--files-per-session", "128",
                "--out", tmp.toString()), "--memfd-size");
    }

    /** 64 files: their per-file costs (memfd_luo_ser, folio array, vmalloc chunk) count as much as the data. */
    @Test
    void aRunAtTheRamLimitWorksAndOnePageMoreIsRefused() {
        long ram = 64L << 20;
        long size = RunLimits.measure(ram, LuoAbiProfiles.DEFAULT).maxMemfdSize(8, 8);
        assertTrue(size > 0 && size % 4096 == 0, Long.toString(size));
        MainOptionsTest.Result ok = run("run", "--ram", "64M", "--sessions", "8", "--files-per-session", "8",
                "--memfd-size", Long.toString(size), "--updates", "2", "--out", tmp.resolve("ok").toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("OK: 2 live update(s)"), ok.out());
        MainOptionsTest.Result over = run("run", "--ram", "64M", "--sessions", "8", "--files-per-session", "8",
                "--memfd-size", Long.toString(size + 4096), "--out", tmp.resolve("over").toString());
        assertRefusedUpFront(over, "--memfd-size", "64 MiB");
    }
}
