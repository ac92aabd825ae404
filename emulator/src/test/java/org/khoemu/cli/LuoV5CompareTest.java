// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * {@code khoemu compare} on luo-v5 handovers: the raw luo_ser blob, the session chain and each
 * session's file chain block by block, the memfds and the radix memory map. 52 sessions of 64
 * files make both chains two blocks long (51 sessions, 63 files per block).
 */
class LuoV5CompareTest {
    @TempDir
    static Path dir;
    static Path a;
    static Path b;

    private static Path luoV5(String name) {
        var r = run("run", "--abi", "luo-v5", "--sessions", "52", "--files-per-session", "64", "--memfd-size", "4096",
                "--seed", "7", "--out", dir.resolve(name).toString());
        assertEquals(0, r.code(), r.out() + r.err());
        return dir.resolve(name).resolve("handover.img");
    }

    @BeforeAll
    static void twoRunsOfTheSameSeed() {
        a = luoV5("a");
        b = luoV5("b");
    }

    private static void assertNoTrace(MainOptionsTest.Result r) {
        assertFalse(r.out().contains("\tat ") || r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void theSameSeededRunIsEqualApartFromAddresses() {
        var r = run("compare", a.toString(), b.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.endsWith("OK: no difference other than addresses\n"), o);
        // luo_ser (4 fields), session blocks 0 and 1 (header 2 + 51 x 3 fields, then 2 + 1 x 3)
        assertTrue(o.contains("\nluo_ser  A 0x"), o);
        assertTrue(o.contains(": 4 equal, 0 address-only, 0 different"), o);
        assertTrue(o.matches("(?s).*\nluo_session_ser kho_block\\[0]  A 0x\\p{XDigit}+  B 0x\\p{XDigit}+: 155 equal.*"), o);
        assertTrue(o.matches("(?s).*\nluo_session_ser kho_block\\[1]  A 0x\\p{XDigit}+  B 0x\\p{XDigit}+: 5 equal.*"), o);
        assertFalse(o.contains("luo_session_ser kho_block[2]"), o);
        // session 51's file chain: 63 files then 1 (header 2 + 3 fields each)
        assertTrue(o.matches("(?s).*\nluo_file_ser kho_block\\[0] \\(session 51\\)  A 0x\\p{XDigit}+  B 0x\\p{XDigit}+: 191 equal.*"), o);
        assertTrue(o.matches("(?s).*\nluo_file_ser kho_block\\[1] \\(session 51\\)  A 0x\\p{XDigit}+  B 0x\\p{XDigit}+: 5 equal.*"), o);
        assertTrue(o.contains("\nmemfd content (session 51 file 63)  A 0x"), o);
        assertTrue(o.contains("\npreserved-memory-map  A 0x"), o);
        assertFalse(o.contains("LUO FDT"), o);
    }

    /** A compared with a copy of B changed by {@code khoemu poke EDIT}: a difference, exit 1, no trace. */
    private static MainOptionsTest.Result againstPoked(String name, String edit) {
        Path poked = dir.resolve(name);
        var p = run("poke", b.toString(), "-o", poked.toString(), edit);
        assertEquals(0, p.code(), p.out() + p.err());
        var r = run("compare", a.toString(), poked.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertNoTrace(r);
        return r;
    }

    @Test
    void aPokedSessionIsADifference() {
        var r = againstPoked("poked.img", "luo_session_ser[51].name=\"other\"");
        assertTrue(r.out().matches("(?s).*\nluo_session_ser kho_block\\[1]  A 0x\\p{XDigit}+  B 0x\\p{XDigit}+: "
                + "4 equal, 0 address-only, 1 different\n  ! luo_session_ser\\[51]\\.name +\\+0x10 +\"session-51\" \\| "
                + "\"other\"  different \\(value\\).*"), r.out());
        assertTrue(r.out().endsWith("DIFFERENT: 1 real difference(s)\n"), r.out());
    }

    /** A count kernel B would refuse: the field differs, and the sessions are not followed on that side. */
    @Test
    void aPokedFileCountIsADifferenceAndStopsTheWalk() {
        var r = againstPoked("count.img", "luo_session_ser[0].file_set_ser.count=65");
        assertTrue(r.out().contains("  ! luo_session_ser[0].file_set_ser.count    +0x58    0x40 | 0x41  different (value)"),
                r.out());
        assertTrue(r.out().contains("  ! sessions (not followed)                  +0x0     decoded | luo_session_ser[0].files"
                + " at 0x"), r.out());
        assertTrue(r.out().contains("the file chain holds 64 entries, the count says 65  different (missing)"), r.out());
    }

    @Test
    void anotherGenerationIsOneStructuralLine() {
        var c = run("run", "--abi", "v6.19", "--sessions", "2", "--files-per-session", "1", "--seed", "7", "--out",
                dir.resolve("v619").toString());
        assertEquals(0, c.code(), c.out() + c.err());
        var r = run("compare", a.toString(), dir.resolve("v619").resolve("handover.img").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\nLUO  A 0x\\p{XDigit}+  B 0x\\p{XDigit}+: 0 equal, 0 address-only, 1 different\n"
                + "  ! generation +\\+0x0 +luo-v5: raw luo_ser blob \"luo-v5\" \\| v6\\.19: LUO FDT, sessions "
                + "\"luo-session-v2\"  different \\(layout\\)\n.*"), r.out());
        assertFalse(r.out().contains("luo_session_ser kho_block"), r.out());
        assertNoTrace(r);
        var back = run("compare", dir.resolve("v619").resolve("handover.img").toString(), a.toString());
        assertEquals(1, back.code(), back.out() + back.err());
        assertTrue(back.out().contains("v6.19: LUO FDT, sessions \"luo-session-v2\" | luo-v5: raw luo_ser blob \"luo-v5\""),
                back.out());
        assertNoTrace(back);
    }
}
