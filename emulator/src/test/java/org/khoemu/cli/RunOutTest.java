// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.image.ImageSidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/** --out is checked before any work, and two runs' artefacts never end up side by side. */
class RunOutTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"run", "--sessions", "1", "--files-per-session", "1", "--memfd-size", "4K",
        "--ram", "128M"};

    private static MainOptionsTest.Result small(String... more) {
        String[] a = java.util.Arrays.copyOf(SMALL, SMALL.length + more.length);
        System.arraycopy(more, 0, a, SMALL.length, more.length);
        return run(a);
    }

    private static void assertRefusedUpFront(MainOptionsTest.Result r, String... mustContain) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out(), "no work was done");
        assertTrue(r.err().startsWith("khoemu: invalid value for --out: "), r.err());
        for (String s : mustContain) {
            assertTrue(r.err().contains(s), "missing '" + s + "' in " + r.err());
        }
    }

    @Test
    void emptyOutIsAnError() {
        assertRefusedUpFront(small("--out", ""), "''");
    }

    @Test
    void aFileInTheWayIsRefusedUpFront() throws IOException {
        Path f = Files.writeString(tmp.resolve("file"), "x");
        assertRefusedUpFront(small("--out", f.toString()), "not a directory");
        assertRefusedUpFront(small("--out", f.resolve("sub").toString()));
    }

    @Test
    void aDirectoryNobodyCanWriteIsRefusedUpFront() {
        // sysfs refuses new files even to root
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/kernel")));
        assertRefusedUpFront(small("--out", "/sys/kernel"), "/sys/kernel", "cannot create a file");
    }

    @Test
    void aReadOnlyDirectoryIsRefusedUpFront() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes into mode 0555 directories");
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        assertRefusedUpFront(small("--out", ro.toString()), "permission denied");
    }

    @Test
    void aFailedRunLeavesNoArtefactOfThePreviousRun() throws IOException {
        Path out = tmp.resolve("out");
        MainOptionsTest.Result ok = small("--out", out.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        String firstId = runId(out);
        assertEquals(firstId, ImageSidecar.parse(Files.readString(out.resolve("handover.img.json")), "sidecar").runId());
        Path keep = Files.writeString(out.resolve("notes.txt"), "mine");

        // 64 MiB + 4 KiB: too small for KHO scratch, so /dev/liveupdate does not exist and the run stops early
        MainOptionsTest.Result failed = run("run", "--sessions", "1", "--files-per-session", "1", "--memfd-size", "4K",
                "--ram", "65540K", "--out", out.toString());
        assertEquals(1, failed.code(), failed.out() + failed.err());
        for (String stale : new String[] {"handover.img", "handover.img.json", "kho.dtb", "kho.dts", "luo.dtb", "luo.dts"}) {
            assertFalse(Files.exists(out.resolve(stale)), stale + " of the previous run is still there");
        }
        assertNotEquals(firstId, runId(out));
        assertTrue(Files.exists(keep), "files that are not khoemu's artefacts stay");
    }

    @Test
    void eachRunHasItsOwnIdInReportAndSidecar() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, small("--out", out.toString()).code());
        String a = runId(out);
        assertTrue(a.matches("[0-9a-f]{16}"), a);
        assertEquals(0, small("--out", out.toString()).code());
        String b = runId(out);
        assertNotEquals(a, b);
        assertEquals(b, ImageSidecar.parse(Files.readString(out.resolve("handover.img.json")), "sidecar").runId());
    }

    private static String runId(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject()
                .get("run_id").getAsString();
    }
}
