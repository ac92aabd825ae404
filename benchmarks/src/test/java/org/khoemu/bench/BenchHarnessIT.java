// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged {@code khoemu-bench.jar} run once as {@code khoemu bench --smoke} (every figure,
 * one tiny iteration, one fork each): it exits 0 and writes the JSON, the table and the charts.
 * Each serialize fork checked at setup that the C twin writes the same bytes as Java, and each
 * deserialize fork that it rebuilds the same sessions; a difference fails the run. No timing is
 * asserted.
 */
class BenchHarnessIT {
    /** The packaged jar run with {@code args}; its output, after asserting exit 0 and progress lines. */
    private static String bench(String name, String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "khoemu-bench.jar");
        Path log = Path.of("target", name + ".log");
        // JMH's lock file lives in the temporary directory: a private one lets this run beside
        // another JMH run on the machine (another worktree's suite, a `khoemu bench`)
        Path tmp = Files.createDirectories(Path.of("target", "bench-tmp").toAbsolutePath());
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the smoke run finished");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("[1/"), "progress lines: " + text);
        return text;
    }

    /**
     * One luo-v5 smoke run at the smoke sizes (the full plan's 100,000 sessions are asserted by
     * BenchOptionsTest, not run here): the chain is serialized and rebuilt, the C twin and the
     * LUO FDT figures are left out and named.
     */
    @Test
    void aLuoV5SmokeRunLeavesOutWhatHasNoEquivalent() throws IOException, InterruptedException {
        Path out = Path.of("target", "bench-smoke-v5");
        String text = bench("bench-smoke-v5", "--smoke", "--abi", "luo-v5", "--filter",
                "^(sessionDeserialize|fileSerialize|luoFdtParse)$", "--out", out.toString());
        assertTrue(text.contains("khoemu bench: --abi luo-v5: luoFdtParse, sessionDeserialize_c left out: the C twins "
                + "have no baseline for this profile, and there is no LUO FDT"), text);
        Set<String> seen = new HashSet<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(out.resolve(BenchMain.JSON))).getAsJsonArray()) {
            var o = e.getAsJsonObject();
            var params = o.has("params") ? o.getAsJsonObject("params") : new com.google.gson.JsonObject();
            seen.add(Measurement.method(o.get("benchmark").getAsString())
                    + (params.has("abi") ? "/" + params.get("abi").getAsString() : "")
                    + (params.has("k") ? "/k=" + params.get("k").getAsString() : ""));
        }
        assertEquals(Set.of("sessionDeserialize/luo-v5", "fileSerialize/luo-v5/k=4", "memcpyFloor", "jnaCall"), seen);
        assertTrue(Files.readString(out.resolve(BenchMain.TABLE)).contains("left out: the C twins"));
    }

    @Test
    void theSmokeRunWritesEverything() throws IOException, InterruptedException {
        Path out = Path.of("target", "bench-smoke");
        bench("bench-smoke", "--smoke", "--out", out.toString());

        JsonArray json = JsonParser.parseString(Files.readString(out.resolve(BenchMain.JSON))).getAsJsonArray();
        Set<String> seen = new HashSet<>();
        for (JsonElement e : json) {
            var o = e.getAsJsonObject();
            String m = Measurement.method(o.get("benchmark").getAsString());
            String abi = o.has("params") && o.getAsJsonObject("params").has("abi")
                    ? o.getAsJsonObject("params").get("abi").getAsString() : "";
            seen.add(m + "/" + abi);
            assertTrue(o.getAsJsonObject("primaryMetric").get("score").getAsDouble() > 0, m);
        }
        for (String want : List.of("sessionSerialize/seed-v6", "sessionSerialize_c/seed-v6", "sessionSerialize/v6.19",
                "sessionSerialize_c/v6.19", "sessionDeserialize/seed-v6", "sessionDeserialize_c/seed-v6", "memcpyFloor/",
                "jnaCall/", "luoFdtBuild/seed-v6", "luoFdtParse/seed-v6", "khoRootFdt/seed-v6", "khoFinalize/",
                "khoMemMapWalk/", "liveUpdate/seed-v6", "liveUpdate_bootB/seed-v6", "fileSerialize/seed-v6",
                "fileDeserialize/seed-v6")) {
            assertTrue(seen.contains(want), want + " in " + seen);
        }

        String table = Files.readString(out.resolve(BenchMain.TABLE));
        assertTrue(table.contains("| figure | n | Java | C | floor | Java/C | Java/floor | error |"), table);
        assertTrue(table.contains("| sessionSerialize abi=seed-v6 files=4 | n=8 |"), table);
        try (Stream<Path> charts = Files.list(out.resolve(BenchMain.CHARTS))) {
            List<Path> pngs = charts.filter(f -> f.toString().endsWith(".png")).toList();
            assertTrue(pngs.size() >= 5, pngs.toString());
            for (Path png : pngs) {
                byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, png.toString());
            }
        }
    }
}
