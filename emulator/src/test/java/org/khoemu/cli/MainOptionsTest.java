// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad command lines: exit 2, exactly one line on stderr, nothing that looks like a trace. */
class MainOptionsTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Result r, int code, String expected) {
        assertEquals(code, r.code(), r.err());
        assertEquals(expected + "\n", r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void badRamSizeNamesTheOptionAndValue() {
        assertOneLineError(run("run", "--ram", "12Q"), 2,
                "khoemu: invalid value for --ram: '12Q' (expected a size such as 512M or 2G)");
    }

    @Test
    void badMemfdSize() {
        assertOneLineError(run("run", "--memfd-size", "lots"), 2,
                "khoemu: invalid value for --memfd-size: 'lots' (expected a size such as 512M or 2G)");
    }

    @Test
    void badIntegerOption() {
        Result r = run("run", "--sessions", "four");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("khoemu: invalid value for --sessions: 'four'"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void outOfRangeCountsAreParameterErrors() {
        assertOneLineError(run("run", "--sessions", "-1"), 2,
                "khoemu: invalid value for --sessions: -1 (expected 0 to 819, LUO_SESSION_MAX of the seed-v6 profile)");
        assertOneLineError(run("run", "--updates", "0"), 2,
                "khoemu: invalid value for --updates: 0 (expected 1 to 1000)");
        assertOneLineError(run("run", "--ram", "1000"), 2,
                "khoemu: invalid value for --ram: 1000 B (expected a multiple of 4 KiB from 64 MiB to 64 GiB)");
        Result big = run("run", "--ram", "1G", "--memfd-size", "512M");
        assertEquals(2, big.code(), big.err());
        assertEquals(1, big.err().lines().count(), big.err());
        assertTrue(big.err().startsWith("khoemu: invalid value for --memfd-size: 512 MiB (expected at most "), big.err());
        assertTrue(big.err().contains("4 session(s) x 2 memfd(s): 4 GiB of memfds do not fit"), big.err());
    }

    @Test
    void unknownAbiProfile() {
        assertOneLineError(run("run", "--abi", "v9"), 2,
                "khoemu: invalid value for --abi: 'v9' (expected one of seed-v6, seed-v6-name64, v6.19, luo-v5)");
    }

    @Test
    void unknownOptionGetsTheHelpHintOnTheSameLine() {
        assertOneLineError(run("run", "--frobnicate"), 2,
                "khoemu: Unknown option: '--frobnicate'. Try 'khoemu run --help' for more information.");
    }

    @Test
    void missingImageArgument() {
        Result r = run("inspect");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("IMAGE"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"run", "resume", "inspect"}) {
            Result r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: khoemu " + cmd), r.out());
            Result v = run(cmd, "-V");
            assertEquals(0, v.code(), cmd);
            assertEquals("khoemu 0.1.0\n", v.out(), cmd);
        }
    }
}
