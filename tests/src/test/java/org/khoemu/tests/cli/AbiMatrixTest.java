// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code khoemu abi matrix} with its default workload (2 sessions of one 4 KiB memfd): every
 * ordered pair of profiles, pinned cell by cell from abi-reference, not from a run.
 */
class AbiMatrixTest {
    /**
     * The whole matrix, kernel A -> kernel B. This is the one place to edit when a profile is
     * added: its row and its column go here, and the test fails until they do.
     */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        for (String p : List.of("seed-v6", "seed-v6-name64", "v6.19", "luo-v5")) {
            cell(p, p, "restored");
        }
        // 4.2: kernel B checks the session node against its own compatible; -EINVAL -> luo_restore_fail, a panic
        cell("seed-v6", "v6.19", "refused: luo: Session node incompatible [luo-session-v2]");
        cell("seed-v6-name64", "v6.19", "refused: luo: Session node incompatible [luo-session-v2]");
        cell("v6.19", "seed-v6", "refused: luo: Session node incompatible [luo-session-v1]");
        cell("v6.19", "seed-v6-name64", "refused: luo: Session node incompatible [luo-session-v1]");
        // 1.4: both say luo-session-v1, so kernel B takes the block and reads 88-byte entries of an
        // 80-byte array. Entry 0's files @64 is the seed's pgcnt @64 (LUO_FILE_PGCNT, 2, 1.5) and its
        // count @80 is the first 8 bytes of the seed's entry 1 (@16 + 80): its name, "session-1".
        cell("seed-v6", "seed-v6-name64", "finding: kernel B logged: luo: Session [session-0]: file array 0x2 with "
                + Long.toUnsignedString(le64("session-")) + " files is not valid, files dropped (file array 0x2 is not page aligned)");
        // the other way the seed reads 80-byte entries of an 88-byte array: entry 0's files @56 are
        // bytes 56..63 of name[64], zero after "session-0", so session 0 has no file array
        cell("seed-v6-name64", "seed-v6", "finding: session 'session-0' token 0x10000000000: preserved but not restored");
        // 3.1, 3.7: luo-v5 rides on kho-v4, the others on kho-v1. kho_populate checks the root
        // FDT's compatible against its own: a mismatch disables KHO revival (a warning, no panic),
        // so kernel B boots without the handover and every preserved session is lost
        for (String old : List.of("seed-v6", "seed-v6-name64", "v6.19")) {
            cell(old, "luo-v5", "finding: kernel B logged: KHO: disabling KHO revival: -22 (EINVAL): setup: handover FDT "
                    + "(0x7dde000) is incompatible with 'kho-v4'");
            cell("luo-v5", old, "finding: kernel B logged: KHO: disabling KHO revival: -22 (EINVAL): setup: handover FDT "
                    + "(0x7ddc000) is incompatible with 'kho-v1'");
        }
    }

    private static void cell(String a, String b, String text) {
        EXPECTED.put(a + " -> " + b, text);
    }

    private static long le64(String ascii) {
        return ByteBuffer.wrap(ascii.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static CliOutputs.Proc khoemu(String... args) {
        return CliOutputs.inProcess(args);
    }

    @Test
    void thePinnedTableCoversEveryOrderedPairOfTheProfiles() {
        List<String> names = LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList();
        List<String> pairs = names.stream().flatMap(a -> names.stream().map(b -> a + " -> " + b)).toList();
        assertEquals(pairs.stream().sorted().toList(), EXPECTED.keySet().stream().sorted().toList(),
                "add the new profile's row and column to EXPECTED");
    }

    @Test
    void jsonHasEveryCellAsPinned() {
        CliOutputs.Proc r = khoemu("abi", "matrix", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        List<String> names = LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList();
        assertEquals(names, root.getAsJsonArray("profiles").asList().stream().map(JsonElement::getAsString).toList());
        Map<String, String> got = new LinkedHashMap<>();
        JsonArray cells = root.getAsJsonArray("cells");
        for (JsonElement e : cells) {
            JsonObject c = e.getAsJsonObject();
            String outcome = c.get("outcome").getAsString();
            got.put(c.get("kernel_a").getAsString() + " -> " + c.get("kernel_b").getAsString(),
                    c.has("reason") ? outcome + ": " + c.get("reason").getAsString() : outcome);
        }
        assertEquals(EXPECTED.keySet().stream().sorted().toList(), got.keySet().stream().sorted().toList());
        EXPECTED.forEach((pair, text) -> assertEquals(text, got.get(pair), pair));
        // rows are kernel A in profile order, each row's columns kernel B likewise
        assertEquals(names.get(0) + " -> " + names.get(1), got.keySet().stream().skip(1).findFirst().orElseThrow());
    }

    /** The table: restored, or the outcome with a legend number whose line says it in full. */
    @Test
    void theTableShowsEachCellAndTheLegendSaysEveryOtherInFull() {
        CliOutputs.Proc r = khoemu("abi", "matrix");
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> names = LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList();
        String[] lines = r.out().split("\n");
        int header = 0;
        while (!lines[header].startsWith("A \\ B")) {
            header++;
        }
        assertEquals(names, List.of(lines[header].substring(5).trim().split("\\s+")), r.out());
        Map<String, String> legend = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\[(\\d+)] (\\S+ -> \\S+): (.*)$").matcher(r.out());
        while (m.find()) {
            legend.put(m.group(1), m.group(2) + "\t" + m.group(3));
        }
        for (int i = 0; i < names.size(); i++) {
            String row = lines[header + 1 + i];
            assertTrue(row.startsWith(names.get(i) + " "), row);
            Matcher c = Pattern.compile("(restored|refused \\[(\\d+)]|finding \\[(\\d+)])").matcher(row.substring(names.get(i).length()));
            for (String b : names) {
                assertTrue(c.find(), row);
                String pair = names.get(i) + " -> " + b;
                String expected = EXPECTED.get(pair);
                if (expected.equals("restored")) {
                    assertEquals("restored", c.group(1), pair);
                } else {
                    String n = c.group(2) != null ? c.group(2) : c.group(3);
                    assertEquals(pair + "\t" + expected, legend.get(n), pair);
                }
            }
        }
        assertEquals(EXPECTED.values().stream().filter(v -> !v.equals("restored")).count(), legend.size(), r.out());
    }

    @Test
    void badOptionsAreOneLineAndExit2() {
        CliOutputs.Proc r = khoemu("abi", "matrix", "--sessions", "-1");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("khoemu: invalid value for --sessions: -1 (expected 0 to "), r.err());
        assertEquals("", r.out());
    }
}
