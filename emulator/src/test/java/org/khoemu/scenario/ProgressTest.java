// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.LuoSteps;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress line of long phases, driven by a hand-moved clock: no timing in the test. */
class ProgressTest {
    private final StringWriter sw = new StringWriter();
    private final long[] now = {0};

    private Progress progress(Progress.Mode mode) {
        return new Progress(new PrintWriter(sw, true), () -> now[0], mode).expect(8, 16);
    }

    private void at(Progress p, double seconds) {
        now[0] = (long) (seconds * 1e9);
        p.tick();
    }

    @Test
    void onATerminalALongPhaseShowsOneRewrittenLineThenClearsIt() {
        Progress p = progress(Progress.Mode.TERMINAL);
        p.begin("userspace A: create sessions, preserve memfds");
        for (int i = 0; i < 3; i++) {
            p.step(LuoSteps.SESSION_CREATE);
            p.step(LuoSteps.PRESERVE_FILE);
        }
        at(p, 1.9);
        assertEquals("", sw.toString(), "a phase shorter than 2 s shows nothing");
        at(p, 2.1);
        String first = sw.toString();
        assertTrue(first.startsWith("\r"), first);
        assertTrue(first.contains("userspace A: create sessions"), first);
        assertTrue(first.contains("2.1 s"), first);
        assertTrue(first.contains("session 3 of 8"), first);
        assertTrue(first.contains("file 3 of 16"), first);
        assertFalse(first.contains("\n"), "a terminal line is rewritten in place");
        at(p, 2.3);
        assertEquals(first, sw.toString(), "at most one update per half second");
        at(p, 2.7);
        assertTrue(sw.toString().length() > first.length());
        p.end();
        assertTrue(sw.toString().endsWith("\r\033[K"), "the line is cleared before the timeline goes on");
        at(p, 9);
        assertTrue(sw.toString().endsWith("\r\033[K"), "nothing after the phase ended");
    }

    @Test
    void aTerminalLineFitsInEightyColumnsKeepingTheCounts() {
        Progress p = progress(Progress.Mode.TERMINAL);
        p.begin("[100/100] userspace B: retrieve, verify SHA-256, finish, and a name far too long for one row");
        p.step(LuoSteps.SESSION_RETRIEVE);
        at(p, 12.5);
        String line = sw.toString().substring("\r\033[K".length());
        assertTrue(line.length() <= 79, line.length() + ": " + line);
        assertTrue(line.startsWith("[100/100] userspace B"), line);
        assertTrue(line.endsWith("..., 12.5 s, session 1 of 8"), line);
    }

    @Test
    void plainLinesWhenForcedAtMostEveryTwoSeconds() {
        Progress p = progress(Progress.Mode.LINES);
        p.begin("kernel A: kexec_file_load");
        at(p, 2.1);
        at(p, 2.7);
        at(p, 4.2);
        p.end();
        String[] lines = sw.toString().split("\n");
        assertEquals(2, lines.length, sw.toString());
        assertTrue(lines[0].startsWith("khoemu: progress: kernel A: kexec_file_load, 2.1 s"), lines[0]);
        assertFalse(sw.toString().contains("\r"), sw.toString());
        assertFalse(lines[0].contains("session"), "no session counts in a phase that handles none");
    }

    @Test
    void offShowsNothing() {
        Progress p = progress(Progress.Mode.OFF);
        p.begin("x");
        at(p, 60);
        p.end();
        assertEquals("", sw.toString());
    }

    @Test
    void countsStartAgainInEachPhase() {
        Progress p = progress(Progress.Mode.LINES);
        p.begin("userspace A");
        p.step(LuoSteps.SESSION_CREATE);
        p.end();
        now[0] = 10_000_000_000L;
        p.begin("userspace B");
        p.step(LuoSteps.SESSION_RETRIEVE);
        p.step(LuoSteps.SESSION_RETRIEVE);
        p.step(LuoSteps.RETRIEVE_FILE);
        at(p, 12.5);
        assertTrue(sw.toString().contains("userspace B, 2.5 s, session 2 of 8, file 1 of 16"), sw.toString());
    }
}
