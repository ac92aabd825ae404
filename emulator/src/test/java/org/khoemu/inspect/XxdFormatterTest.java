// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class XxdFormatterTest {
    /** A fixed line checked by eye against xxd, so the test means something without xxd too. */
    @Test
    void literalLines() {
        byte[] b = "session-0\0\0\0\1\2\3\u007f".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("00000010: 7365 7373 696f 6e2d 3000 0000 0102 037f  session-0.......",
                XxdFormatter.line(0x10, b, 0, 16));
        assertEquals("12345678: 0100 00                                  ...",
                XxdFormatter.line(0x12345678, new byte[] {1, 0, 0}, 0, 3));
        assertEquals("00000000:                                          ", XxdFormatter.line(0, new byte[0], 0, 0));
    }

    @Test
    void sameAsRealXxd(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xxd")), "xxd not installed");
        byte[] data = new byte[16 * 37 + 9];
        new Random(42).nextBytes(data);
        System.arraycopy("kho-v1\0luo-session".getBytes(StandardCharsets.US_ASCII), 0, data, 100, 18);
        Path f = dir.resolve("blob");
        Files.write(f, data);
        assertEquals(run("/usr/bin/xxd", f.toString()), XxdFormatter.format(data, 0));
        // a labelled start, as for a dump of physical RAM: xxd -o
        assertEquals(run("/usr/bin/xxd", "-o", "0x1f400000", f.toString()), XxdFormatter.format(data, 0x1f400000L));
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(0, p.waitFor(), s);
        return s;
    }

    @Test
    void refusesLongLines() {
        assertThrows(IllegalArgumentException.class, () -> XxdFormatter.line(0, new byte[17], 0, 17));
    }

    @Test
    void annotatedDumpPutsEachFieldOnItsOwnLines() {
        byte[] s = new byte[80];
        System.arraycopy("session-1".getBytes(StandardCharsets.US_ASCII), 0, s, 0, 9);
        s[56] = 0x00; s[57] = 0x30; s[58] = 0x12; // files = 0x123000
        s[64] = 2; // pgcnt
        s[72] = 3; // count
        String out = AnnotatedHexdump.render("luo_session_ser[1]", 0x1000050L, s, List.of(
                new AnnotatedHexdump.Field("name", 0, 56), new AnnotatedHexdump.Field("files", 56, 8),
                new AnnotatedHexdump.Field("pgcnt", 64, 8), new AnnotatedHexdump.Field("count", 72, 8)));
        List<String> lines = out.lines().toList();
        assertEquals("luo_session_ser[1] @ 0x1000050 (80 bytes)", lines.get(0));
        assertEquals("01000050: 7365 7373 696f 6e2d 3100 0000 0000 0000  session-1.......  name", lines.get(1));
        assertEquals("01000080: 0000 0000 0000 0000                      ........          name +48", lines.get(4));
        assertEquals("01000088: 0030 1200 0000 0000                      .0......          files", lines.get(5));
        assertEquals("01000090: 0200 0000 0000 0000                      ........          pgcnt", lines.get(6));
        assertEquals("01000098: 0300 0000 0000 0000                      ........          count", lines.get(7));
        assertEquals(8, lines.size());
    }

    @Test
    void annotatedDumpRefusesAFieldPastTheStruct() {
        assertThrows(IllegalArgumentException.class, () -> AnnotatedHexdump.render("x", 0, new byte[8],
                List.of(new AnnotatedHexdump.Field("count", 4, 8))));
    }
}
