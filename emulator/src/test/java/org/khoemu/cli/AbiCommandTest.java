// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.khoemu.abi.DiffText;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code khoemu abi layout} and {@code abi diff}; expected values are abi-reference's (1.4, 2.1). */
class AbiCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void diffSeedToV619SeesTheHeaderAndNameChangeAndTheBump() {
        assertEquals(0, run("abi", "diff", "seed-v6", "v6.19"), err.toString());
        String o = out.toString();
        assertTrue(o.contains("~ struct resized luo_session_header_ser"), o);
        assertTrue(o.matches("(?s).*struct resized luo_session_header_ser\\s+size 16 -> size 8\n.*"), o);
        assertTrue(o.matches("(?s).*- removed\\s+luo_session_header_ser.pgcnt\\s+u64 @0 \\(8 bytes\\)\n.*"), o);
        assertTrue(o.matches("(?s).*~ moved\\s+luo_session_header_ser.count\\s+@8 -> @0\n.*"), o);
        assertTrue(o.matches("(?s).*~ resized\\s+luo_session_ser.name\\s+char\\[56\\] \\(56 bytes\\) -> char\\[64\\] \\(64 bytes\\)\n.*"), o);
        assertTrue(o.contains("compatible bumped: LUO_FDT_SESSION_COMPATIBLE \"luo-session-v1\" -> \"luo-session-v2\""), o);
        assertTrue(!o.contains("error:"), o);
    }

    /** The seed series grew the name in 05/20 without bumping luo-session-v1 (abi-reference 1.1, 1.4). */
    @Test
    void theSeedsNameGrowthWithoutABumpIsFlagged() {
        assertEquals(1, run("abi", "diff", "seed-v6", "seed-v6-name64"));
        String o = out.toString();
        assertTrue(o.matches("(?s).*~ moved\\s+luo_session_ser.count\\s+@72 -> @80\n.*"), o);
        assertTrue(o.matches("(?s).*~ changed\\s+LUO_SESSION_MAX\\s+819 -> 744\n.*"), o);
        assertTrue(o.contains("error: layout of luo_session_ser changed but LUO_FDT_SESSION_COMPATIBLE is unchanged "
                + "(\"luo-session-v1\")"), o);
    }

    /**
     * v6.19 to luo-v5 (abi-reference 2.3, 2.4): the session header struct is gone, luo_ser and
     * the kho_block header are new, the session entry is unchanged, and every change comes with
     * a compatible bump (the session node's string goes, luo-v5 and kho-v4 arrive).
     */
    @Test
    void diffV619ToLuoV5SeesTheRemovedHeaderTheNewStructsAndTheBumps() {
        assertEquals(0, run("abi", "diff", "v6.19", "luo-v5"), err.toString());
        String o = out.toString();
        assertTrue(o.matches("(?s).*- struct removed\\s+luo_session_header_ser\\s+size 8\n.*"), o);
        assertTrue(o.matches("(?s).*\\+ struct added\\s+luo_ser\\s+size 32\n.*"), o);
        assertTrue(o.matches("(?s).*\\+ struct added\\s+kho_block_header_ser\\s+size 16\n.*"), o);
        assertTrue(!o.contains("luo_session_ser."), "the 80-byte entry did not change: " + o);
        assertTrue(o.contains("compatible bumped: LUO_ABI_COMPATIBLE null -> \"luo-v5\" covers the change of luo_ser"), o);
        assertTrue(o.contains("compatible bumped: KHO_FDT_COMPATIBLE \"kho-v1\" -> \"kho-v4\" covers the change of "
                + "khoser_mem_chunk_hdr, khoser_mem_bitmap_ptr, khoser_mem_chunk, kho_block_header_ser"), o);
        assertTrue(o.contains("compatible bumped: LUO_FDT_SESSION_COMPATIBLE \"luo-session-v2\" -> null covers the change of "
                + "luo_session_header_ser"), o);
        assertTrue(o.matches("(?s).*~ changed\\s+LUO_SESSION_MAX\\s+819 -> 510000\n.*"), o);
        assertTrue(!o.contains("error:"), o);
    }

    @Test
    void aProfileDiffedWithItselfHasNoDifferences() {
        assertEquals(0, run("abi", "diff", "v6.19", "v6.19"));
        assertTrue(out.toString().contains("no differences"), out.toString());
    }

    @Test
    void aMovedFieldWithoutACompatibleBumpIsAnError() {
        // data and token swapped, LUO_FDT_SESSION_COMPATIBLE left as the seed's
        AbiStruct swapped = AbiStruct.packed("luo_file_ser", "LUO_FDT_SESSION_COMPATIBLE", "synthetic")
                .chars("compatible", 48, "handler").u64("token", "moved up").u64("data", "moved down").build();
        AbiLayout synthetic = AbiLayout.of("synthetic").struct(swapped).include(SeedV6.LAYOUT).build();
        StringWriter w = new StringWriter();
        assertEquals(1, DiffText.print(SeedV6.LAYOUT, synthetic, new PrintWriter(w)));
        String o = w.toString();
        assertTrue(o.matches("(?s).*~ moved\\s+luo_file_ser.data\\s+@48 -> @56\n.*"), o);
        assertTrue(o.matches("(?s).*~ moved\\s+luo_file_ser.token\\s+@56 -> @48\n.*"), o);
        assertTrue(o.contains("error: layout of luo_file_ser changed but LUO_FDT_SESSION_COMPATIBLE is unchanged "
                + "(\"luo-session-v1\")"), o);
    }

    @Test
    void layoutPrintsEveryFieldWithOffsetAndSize() {
        assertEquals(0, run("abi", "layout", "--abi", "seed-v6"), err.toString());
        String o = out.toString();
        assertTrue(o.contains("struct luo_session_ser {"), o);
        assertTrue(o.matches("(?s).*\tchar name\\[56\\];\\s+/\\*\\s+0\\s+56 \\*/.*"), o);
        assertTrue(o.matches("(?s).*\tu64 files;\\s+/\\*\\s+56\\s+8 \\*/.*"), o);
        assertTrue(o.matches("(?s).*\tu64 count;\\s+/\\*\\s+72\\s+8 \\*/.*"), o);
        assertTrue(o.matches("(?s).*#define LUO_SESSION_MAX\\s+819 .*"), o);
        assertTrue(o.matches("(?s).*#define LUO_FDT_SESSION_COMPATIBLE\\s+\"luo-session-v1\".*"), o);
    }

    @Test
    void layoutJsonCarriesTheV619EmbeddedFileSet() {
        assertEquals(0, run("abi", "layout", "--abi", "v6.19", "--json"), err.toString());
        JsonObject root = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals("v6.19", root.get("profile").getAsString());
        JsonObject entry = root.getAsJsonArray("structs").asList().stream().map(e -> e.getAsJsonObject())
                .filter(s -> s.get("name").getAsString().equals("luo_session_ser")).findFirst().orElseThrow();
        assertEquals(80, entry.get("size").getAsInt());
        JsonObject fileSet = entry.getAsJsonArray("fields").get(1).getAsJsonObject();
        assertEquals("file_set_ser", fileSet.get("name").getAsString());
        assertEquals(64, fileSet.get("offset").getAsInt());
        assertEquals("struct luo_file_set_ser", fileSet.get("type").getAsString());
    }

    @Test
    void anUnknownProfileIsABadOption() {
        assertEquals(2, run("abi", "diff", "seed-v6", "v9"));
        assertTrue(err.toString().startsWith("khoemu: invalid value for P2: 'v9'"), err.toString());
    }
}
