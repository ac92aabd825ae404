// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DtsPrinter against the real dtc, byte for byte. */
class DtsPrinterTest {
    private static final byte[] GOLDEN = TestBlobs.resource("golden/luo-seed.dtb");

    static final String LUO_DTS = """
            /dts-v1/;

            / {
            \tcompatible = "luo-v1";
            \tliveupdate-number = <0x1000000 0x00>;

            \tluo-session {
            \t\tcompatible = "luo-session-v1";
            \t\tluo-session-header = <0x604523 0x1000000>;
            \t};
            };
            """;

    @Test
    void luoTreeMatchesDtc() {
        String dtc = Dtc.decompile(GOLDEN);
        assertEquals(LUO_DTS, dtc, "dtc's own rendering of the seed blob");
        assertEquals(dtc, DtsPrinter.print(Fdt.fromBytes(GOLDEN)));
    }

    @Test
    void everyPropertyKindMatchesDtc() {
        byte[] blob = TestBlobs.khoAllKinds();
        String ours = DtsPrinter.print(Fdt.fromBytes(blob));
        assertEquals(Dtc.decompile(blob), ours);
        // the kinds really are all there
        assertTrue(ours.contains("/memreserve/\t0x0000000100000000 0x0000000000400000;\n"), ours);
        assertTrue(ours.contains("\tnames = \"alpha\\0beta\\0gamma\";\n"), ours);
        assertTrue(ours.contains("\tbytes = [01 02 03 ff 7f];\n"), ours);
        assertTrue(ours.contains("\tempty;\n"), ours);
        assertTrue(ours.contains("\t#address-cells = <0x02>;\n"), ours);
        assertTrue(ours.contains("\t\tdata@1000 {\n"), ours);
    }

    /**
     * dtc compiling the equivalent DTS does NOT give the seed's bytes: dtc puts the reserve map
     * right after the 40-byte header (0x28, libfdt's writer uses 0x30) and orders the strings
     * block by first use (libfdt's writer: reverse). Same tree, different layout.
     */
    @Test
    void dtcCompiledEquivalentIsTheSameTreeInADifferentLayout() {
        byte[] fromDtc = Dtc.compile(LUO_DTS);
        assertFalse(Arrays.equals(GOLDEN, fromDtc));
        FdtHeader h = FdtHeader.readFrom(fromDtc);
        assertEquals(0x28, h.offMemRsvmap());
        assertEquals(228, h.totalsize());
        Fdt a = Fdt.fromBytes(GOLDEN);
        Fdt b = Fdt.fromBytes(fromDtc);
        assertEquals(a.properties(Fdt.ROOT), b.properties(Fdt.ROOT));
        assertEquals(a.properties(a.subnode(Fdt.ROOT, "luo-session")),
                b.properties(b.subnode(Fdt.ROOT, "luo-session")));
        assertEquals(LUO_DTS, DtsPrinter.print(b));
    }

    /** Many random values (biased to printable, NUL and control bytes) in one tree, one dtc run. */
    @Test
    void randomValuesAreClassifiedLikeDtc() {
        Random r = new Random(0x4b484f);
        byte[] pool = {0, 0, 0, 'a', 'z', ' ', '"', '\\', '\n', '\t', 7, 0x0b, '\r', '\f', '\b', 1, 0x7f,
                (byte) 0x80, (byte) 0xff, '~'};
        FdtWriter w = FdtWriter.create(64 * 1024).finishReservemap().beginNode("");
        for (int i = 0; i < 400; i++) {
            byte[] v = new byte[r.nextInt(13)];
            for (int j = 0; j < v.length; j++) {
                v[j] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : pool[r.nextInt(pool.length)];
            }
            if (v.length > 0 && r.nextBoolean()) {
                v[v.length - 1] = 0;
            }
            w.property("p" + i, v);
        }
        byte[] blob = w.endNode().finish().toBytes();
        String ours = DtsPrinter.print(Fdt.fromBytes(blob));
        assertEquals(Dtc.decompile(blob), ours);
        for (String kind : new String[] {" = \"", "\\0", "\\n", "\\\\", "\\\"", " = <", " = ["}) {
            assertTrue(ours.contains(kind), "random tree should exercise " + kind);
        }
        assertTrue(java.util.regex.Pattern.compile("\tp\\d+;\n").matcher(ours).find(), "an empty property");
    }

    @Test
    void valueClassificationEdgeCases() {
        assertEquals("\"\"", DtsPrinter.formatValue(new byte[] {'x', 0}).replace("x", ""));
        assertEquals("[00]", DtsPrinter.formatValue(new byte[] {0}), "a lone NUL is not a string");
        assertEquals("<0x00>", DtsPrinter.formatValue(new byte[4]));
        assertEquals("[61 00 00]", DtsPrinter.formatValue(new byte[] {'a', 0, 0}), "more NULs than text");
        assertEquals("\"a\\0b\"", DtsPrinter.formatValue(new byte[] {'a', 0, 'b', 0}));
        assertEquals("<0xffffffff>", DtsPrinter.formatValue(new byte[] {-1, -1, -1, -1}));
    }
}
