// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad options and files: one line and the documented exit status, before anything runs. */
class BenchOptionsTest {
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int rc = BenchMain.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        err = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private void assertOneLine(String expected) {
        assertEquals(expected + "\n", err);
    }

    @Test
    void badOptionsExit2WithOneLine() {
        assertEquals(2, run("--bogus"));
        assertOneLine("khoemu bench: unknown option '--bogus' (see --help)");
        assertEquals(2, run("--filter", "("));
        assertTrue(err.startsWith("khoemu bench: --filter '(' is not a regular expression: Unclosed group"), err);
        assertEquals(2, run("--out"));
        assertOneLine("khoemu bench: option '--out' needs a value");
        assertEquals(2, run("--quick", "--smoke"));
        assertOneLine("khoemu bench: --quick and --smoke exclude each other");
        assertEquals(2, run("--quick=yes"));
        assertOneLine("khoemu bench: option '--quick' takes no value");
        assertEquals(2, run("--from", "x.json", "--quick"));
        assertOneLine("khoemu bench: --from measures nothing: it takes no --quick, --smoke, --filter or --abi");
        assertEquals(2, run("--filter=nosuchfigure"));
        assertTrue(err.startsWith("khoemu bench: --filter 'nosuchfigure' matches no figure; figures are: "), err);
        assertTrue(err.contains("sessionSerialize") && !err.contains("sessionSerialize_c"), err);
    }

    @Test
    void abiNamesAProfileAndCapsSessionCountsAtItsMaximum() throws Exception {
        assertEquals(2, run("--abi", "v7"));
        assertTrue(err.startsWith("khoemu bench: --abi 'v7' is none of seed-v6, "), err);
        assertEquals(1, err.lines().count(), err);
        assertEquals(2, run("--from", "x.json", "--abi", "v6.19"));
        assertOneLine("khoemu bench: --from measures nothing: it takes no --quick, --smoke, --filter or --abi");
        // the C twins know only the seed's and v6.19's layouts: a selection of nothing else is
        // refused before anything runs (otherwise the twins are left out and named)
        assertEquals(2, run("--abi", "seed-v6-name64", "--filter", "^sessionSerialize_c$"));
        assertOneLine("khoemu bench: --filter '^sessionSerialize_c$' matches no figure; figures are: "
                + String.join(", ", BenchMain.figures()));
        assertEquals(2, run("--abi", "luo-v5", "--filter", "^luoFdt"));
        assertOneLine("khoemu bench: --abi luo-v5: luoFdtBuild, luoFdtParse left out: there is no LUO FDT (the KHO "
                + "entry LUO is a raw blob); nothing else selected");
        assertEquals(List.of("sessionSerialize_c", "sessionDeserialize_c", "luoFdtBuild"),
                BenchKernel.withoutEquivalent(LuoAbiProfiles.byName("luo-v5"), List.of("sessionSerialize",
                        "sessionSerialize_c", "sessionDeserialize_c", "luoFdtBuild", "khoRootFdt", "memcpyFloor")));
        assertEquals(List.of("sessionSerialize_c"), BenchKernel.withoutEquivalent(
                LuoAbiProfiles.byName("seed-v6-name64"), List.of("sessionSerialize_c", "luoFdtBuild")));
        assertEquals(List.of(), BenchKernel.withoutEquivalent(LuoAbiProfiles.byName("v6.19"),
                List.of("sessionSerialize_c", "luoFdtBuild")));

        BenchOptions o = BenchOptions.parse(new String[] {"--abi", "seed-v6-name64"});
        assertEquals("seed-v6-name64", o.abi().name());
        RunPlan plan = RunPlan.of(BenchOptions.Profile.FULL).withAbi(o.abi(),
                Map.of("n", java.util.Set.of("1", "512", "819"), "sessions", java.util.Set.of("64", "819")));
        assertEquals(List.of("seed-v6-name64"), List.of(plan.params().get("abi")));
        // 744 = LUO_SESSION_MAX of the 88-byte entries (abi-reference 1.4)
        assertEquals(List.of("1", "512", "744"), List.of(plan.params().get("n")));
        assertEquals(List.of("64", "744"), List.of(plan.params().get("sessions")));
        RunPlan quick = RunPlan.of(BenchOptions.Profile.QUICK).withAbi(o.abi(), Map.of());
        assertEquals(List.of("64", "744"), List.of(quick.params().get("n")), "the plan's own sizes are capped too");
    }

    @Test
    void luoV5TakesIssue11sSizes() {
        LuoAbiProfile v5 = LuoAbiProfiles.byName("luo-v5");
        Map<String, java.util.Set<String>> declared = Map.of("n", java.util.Set.of("1", "64", "819"),
                "files", java.util.Set.of("0", "4"), "sessions", java.util.Set.of("64", "819"),
                "k", java.util.Set.of("1", "128"));
        RunPlan full = RunPlan.of(BenchOptions.Profile.FULL).withAbi(v5, declared);
        assertEquals(List.of("luo-v5"), List.of(full.params().get("abi")));
        // 100,000 sessions and one session of 10,000 files (issue 11 item 7), beside the declared sizes
        assertEquals(List.of("1", "64", "819", "100000"), List.of(full.params().get("n")));
        assertEquals(List.of("1", "128", "10000"), List.of(full.params().get("k")));
        assertEquals(List.of("0"), List.of(full.params().get("files")), "100,000 sessions x 4 memfds do not fit");
        assertEquals(List.of("64", "819"), List.of(full.params().get("sessions")), "the live update keeps its sizes");
        RunPlan quick = RunPlan.of(BenchOptions.Profile.QUICK).withAbi(v5, Map.of());
        assertEquals(List.of("64", "819", "100000"), List.of(quick.params().get("n")));
        assertEquals(List.of("16", "10000"), List.of(quick.params().get("k")));
        RunPlan smoke = RunPlan.of(BenchOptions.Profile.SMOKE).withAbi(v5, declared);
        assertEquals(List.of("8"), List.of(smoke.params().get("n")), "the smoke run stays tiny");
        assertEquals(List.of("4"), List.of(smoke.params().get("k")));
        // the seed's file arrays cap k at LUO_FILE_MAX 128, and add no scale sizes
        RunPlan seed = RunPlan.of(BenchOptions.Profile.FULL).withAbi(LuoAbiProfiles.byName("seed-v6"),
                Map.of("k", java.util.Set.of("1", "200")));
        assertEquals(List.of("1", "128"), List.of(seed.params().get("k")));
    }

    @Test
    void aBadCompareFileExits1BeforeAnythingRuns(@TempDir Path dir) throws Exception {
        assertEquals(1, run("--compare", dir.resolve("none.json").toString(), "--out", dir.resolve("o").toString()));
        assertOneLine("khoemu bench: " + dir.resolve("none.json") + ": no such file");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"not\": \"jmh\"}");
        assertEquals(1, run("--compare", bad.toString()));
        assertOneLine("khoemu bench: " + bad + ": not a JMH JSON result file (no top-level array)");
        assertEquals(1, run("--from", dir.resolve("none.json").toString(), "--out", dir.resolve("o").toString()));
        assertOneLine("khoemu bench: " + dir.resolve("none.json") + ": no such file");
        assertTrue(!Files.exists(dir.resolve("o")), "nothing ran");
    }

    @Test
    void theFilterSelectsFiguresWithTheirTwinsAndTheFloor() {
        List<String> names = BenchMain.select(java.util.regex.Pattern.compile("^sessionDeserialize$")).stream()
                .map(e -> Measurement.method(e.getUsername())).toList();
        assertEquals(List.of("jnaCall", "memcpyFloor", "sessionDeserialize", "sessionDeserialize_c"), names);
    }

    private static Measurement m(String method, double us, double rsd) {
        return new Measurement(method, Map.of("n", "64"), us, 0, 2, rsd);
    }

    @Test
    void compareMarksOnlyChangesBeyondTheForkNoise() {
        List<FigureRow> before = FigureRow.of(List.of(m("fig", 10, 0.01), m("fig_c", 5, 0.01), m("memcpyFloor", 1, 0.01)));
        List<FigureRow> same = FigureRow.of(List.of(m("fig", 10.3, 0.01), m("fig_c", 5, 0.01), m("memcpyFloor", 1, 0.01)));
        List<FigureRow> slower = FigureRow.of(List.of(m("fig", 12, 0.01), m("fig_c", 5, 0.01), m("memcpyFloor", 1, 0.01)));
        List<FigureRow> noisy = FigureRow.of(List.of(m("fig", 12, 0.2), m("fig_c", 5, 0.01), m("memcpyFloor", 1, 0.01)));
        List<FigureRow> faster = FigureRow.of(List.of(m("fig", 8, 0.01), m("fig_c", 5, 0.01), m("memcpyFloor", 1, 0.01)));
        assertEquals(2.0, before.get(0).ratio(), 1e-9);
        assertEquals(Compare.Verdict.SAME, Compare.compare(same, before).get(0).verdict());
        assertEquals(Compare.Verdict.REGRESSED, Compare.compare(slower, before).get(0).verdict());
        assertEquals(Compare.Verdict.SAME, Compare.compare(noisy, before).get(0).verdict());
        assertEquals(Compare.Verdict.IMPROVED, Compare.compare(faster, before).get(0).verdict());
        // C got slower by as much as Java: the ratio holds, no regression
        List<FigureRow> both = FigureRow.of(List.of(m("fig", 12, 0.01), m("fig_c", 6, 0.01), m("memcpyFloor", 1, 0.01)));
        assertEquals(Compare.Verdict.SAME, Compare.compare(both, before).get(0).verdict());
    }
}
