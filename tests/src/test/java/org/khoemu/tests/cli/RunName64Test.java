// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live update under seed-v6-name64, whose session node is {@code luo-session-v1} like the
 * seed's: run restores exactly, and resume and inspect read the 88-byte entries because the
 * sidecar names the profile (the compatible alone would not tell).
 */
class RunName64Test {
    @TempDir
    Path out;

    private record Result(int code, String text) {
    }

    private static Result khoemu(String... args) {
        StringWriter o = new StringWriter();
        int code = Main.execute(args, new PrintWriter(o, true), new PrintWriter(o, true));
        return new Result(code, o.toString());
    }

    @Test
    void runResumeAndInspectAgreeUnderName64() {
        Result run = khoemu("run", "--abi", "seed-v6-name64", "--out", out.toString(), "--ram", "256M",
                "--sessions", "3", "--files-per-session", "2", "--memfd-size", "12K", "--seed", "5");
        assertEquals(0, run.code(), run.text());
        assertTrue(run.text().contains("kernel B restored exactly what kernel A preserved"), run.text());

        String image = out.resolve("handover.img").toString();
        Result resume = khoemu("resume", image);
        assertEquals(0, resume.code(), resume.text());
        assertTrue(resume.text().contains("3 session(s), 6 file(s) retrieved and finished"), resume.text());

        Result inspect = khoemu("inspect", "--hex", image);
        assertEquals(0, inspect.code(), inspect.text());
        Matcher m = Pattern.compile("luo_session_ser\\[2\\] @ 0x([0-9a-f]+) \\(88 bytes\\)").matcher(inspect.text());
        assertTrue(m.find(), inspect.text());
        long entry = Long.parseLong(m.group(1), 16);
        // files @64 and count @80, after name[64] (the seed has them @56 and @72)
        assertTrue(Pattern.compile("(?m)^\\s*" + String.format("%08x", entry + 64) + ": .*\\s files$").matcher(inspect.text()).find(),
                inspect.text());
        assertTrue(Pattern.compile("(?m)^\\s*" + String.format("%08x", entry + 80) + ": .*\\s count$").matcher(inspect.text()).find(),
                inspect.text());
    }
}
