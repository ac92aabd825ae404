// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code khoemu fuzz-luo}: a summary line and exit 0 when nothing is found; bad options are one line and 2. */
class FuzzLuoCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void aSmallCampaignSummarizes() {
        Run r = run("fuzz-luo", "--seqs", "5", "--seed", "0x2a", "--checks", "newest");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("fuzz-luo: 5 sequences, "), r.out());
        assertTrue(r.out().trim().endsWith("0 findings (seed 0x2a)"), r.out());
        assertTrue(r.err().contains("fuzz-luo: 5/5 sequences"), r.err());
    }

    @Test
    void aReplayOfACleanSequenceSaysSo() {
        Run r = run("fuzz-luo", "--replay", "000000000000002a:10", "--checks", "newest");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("replay 000000000000002a:10: no finding", r.out().trim());
    }

    @Test
    void badOptionsAreOneLineAndExit2() {
        for (String[] args : new String[][] {{"fuzz-luo", "--seqs", "0"}, {"fuzz-luo", "--checks", "7.0"},
                {"fuzz-luo", "--replay", "nonsense"}, {"fuzz-luo", "--seed", "0xzz"}, {"fuzz-luo", "--len", "0"}}) {
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
