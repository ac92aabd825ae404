// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/** The timeline lists the first sessions, or with --all every one of them. */
class RunListingTest {
    @TempDir
    Path tmp;

    private MainOptionsTest.Result eightSessions(String... more) {
        String[] base = {"run", "--sessions", "8", "--files-per-session", "1", "--memfd-size", "4K", "--ram", "128M",
            "--out", tmp.toString()};
        String[] a = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return run(a);
    }

    @Test
    void byDefaultTheFirstSixThenACount() {
        MainOptionsTest.Result r = eightSessions();
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("... and 2 more session(s)"), r.out());
        assertFalse(r.out().contains("session-7 "), r.out());
    }

    @Test
    void allListsEverySession() {
        MainOptionsTest.Result r = eightSessions("--all");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("more session(s)"), r.out());
        // preserved by A and restored by B: each session twice
        assertEquals(2, r.out().lines().filter(l -> l.trim().startsWith("session-7 ")).count(), r.out());
    }

    @Test
    void progressTakesAutoAlwaysOrNever() {
        assertEquals(0, eightSessions("--progress", "never").code());
        MainOptionsTest.Result bad = eightSessions("--progress", "sometimes");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("khoemu: invalid value for --progress: "), bad.err());
    }
}
