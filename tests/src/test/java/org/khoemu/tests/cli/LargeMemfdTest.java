// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.scenario.WorkloadPlan;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memfds larger than one read(2) returns (64 MiB in the model) and larger than a Java array: a
 * live update of each must be exact, and resume of the image too. Kernel B's userspace reads in
 * a loop, as real userspace does.
 */
class LargeMemfdTest {
    static void liveUpdate(Path out, String ram, String size, long bytes) throws Exception {
        CliOutputs.Proc p = ResumeVerdictTest.exec("run", "--out", out.toString(), "--ram", ram, "--sessions", "1",
                "--files-per-session", "1", "--memfd-size", size, "--seed", "5");
        assertEquals(0, p.code(), p.out() + p.err());
        JsonObject u = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject()
                .getAsJsonArray("updates").get(0).getAsJsonObject();
        JsonObject restored = u.getAsJsonArray("restored").get(0).getAsJsonObject().getAsJsonArray("files").get(0)
                .getAsJsonObject();
        assertEquals(bytes, restored.get("size").getAsLong());
        // the content hash is recomputed here from the plan, in pieces, independently of the run
        WorkloadPlan.ContentStream c = new WorkloadPlan(new org.khoemu.scenario.ScenarioConfig(1, 1, bytes, 1L << 30, 5, 1,
                out, org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles.DEFAULT), 1).contentStream(0, 0);
        var md = WorkloadPlan.newSha256();
        byte[] buf = new byte[1 << 22];
        while (c.remaining() > 0) {
            md.update(buf, 0, c.next(buf, buf.length));
        }
        assertEquals(WorkloadPlan.hex(md), restored.get("sha256").getAsString());
        CliOutputs.Proc r = ResumeVerdictTest.exec("resume", out.resolve("handover.img").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("size " + bytes + ", sha256 " + restored.get("sha256").getAsString()), r.out());
    }

    @Test
    void aMemfdJustOverOneReadLiveUpdatesExactly(@TempDir Path out) throws Exception {
        liveUpdate(out, "512M", "65M", 65L << 20);
    }

    @Test
    void aOneGibMemfdLiveUpdatesExactly(@TempDir Path out) throws Exception {
        liveUpdate(out, "4G", "1G", 1L << 30);
    }
}
