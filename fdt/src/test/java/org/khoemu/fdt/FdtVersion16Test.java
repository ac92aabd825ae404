// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version-16 blobs (no {@code size_dt_struct}) are read as dtc reads them: libfdt's
 * {@code fdt_open_into} converts them to version 17 in a new buffer. The fixtures are written
 * by the real {@code dtc -V 16}; dtc's own decompilation is the oracle.
 */
class FdtVersion16Test {
    static final String DTS = """
            /dts-v1/;
            /memreserve/ 0x10000 0x2000;
            / {
            \tcompatible = "khoemu,test";
            \tempty;
            \t#address-cells = <1>;
            \t#size-cells = <1>;
            \tn@1 { reg = <1 2>; s = "a", "b"; b = [01 02 03]; u64 = /bits/ 64 <0x1122334455667788>; };
            };
            """;

    private static byte[] v16() {
        byte[] b = Dtc.compile(DTS, 16);
        assertEquals(16, ByteBuffer.wrap(b).getInt(FdtHeader.OFF_VERSION), "dtc -V 16 writes version 16");
        return b;
    }

    @Test
    void dtsOfAVersion16BlobIsWhatDtcPrints() {
        byte[] b = v16();
        assertEquals(Dtc.decompile(b), DtsPrinter.print(Fdt.fromBytes(b)));
    }

    @Test
    void theConvertedTreeHasTheSameContentAsTheVersion17One() {
        Fdt old = Fdt.fromBytes(v16());
        Fdt cur = Fdt.fromBytes(Dtc.compile(DTS));
        assertEquals(16, old.sourceVersion());
        assertEquals(17, cur.sourceVersion());
        assertEquals(DtsPrinter.print(cur), DtsPrinter.print(old));
        assertEquals(cur.reserveMap(), old.reserveMap());
    }

    @Test
    void dumpSaysTheBlobWasConverted() {
        String d = FdtDump.dump(Fdt.fromBytes(v16()));
        assertTrue(d.contains("version 16"), d);
        assertTrue(d.contains("fdt_open_into"), d);
    }

    @Test
    void aDamagedVersion16BlobIsRefusedBeforeLibfdt() {
        byte[] b = v16();
        byte[] cut = Arrays.copyOf(b, b.length - 8);
        FdtException e = assertThrows(FdtException.class, () -> Fdt.fromBytes(cut));
        assertEquals(FdtError.TRUNCATED, e.error());
        byte[] strings = b.clone();
        ByteBuffer.wrap(strings).putInt(FdtHeader.OFF_SIZE_DT_STRINGS, 0x7fff_0000);
        assertEquals(FdtError.TRUNCATED, assertThrows(FdtException.class, () -> Fdt.fromBytes(strings)).error());
        byte[] noEnd = b.clone();
        int structEnd = ByteBuffer.wrap(b).getInt(FdtHeader.OFF_OFF_DT_STRINGS) - 4;
        ByteBuffer.wrap(noEnd).putInt(structEnd, 0x7);
        assertThrows(FdtException.class, () -> Fdt.fromBytes(noEnd));
    }

    @Test
    void olderVersionsStayRefusedWithTheVersionsThatAreRead() {
        byte[] b = v16();
        ByteBuffer.wrap(b).putInt(FdtHeader.OFF_VERSION, 3).putInt(FdtHeader.OFF_LAST_COMP_VERSION, 2);
        FdtException e = assertThrows(FdtException.class, () -> Fdt.fromBytes(b));
        assertEquals(FdtError.BADVERSION, e.error());
        assertTrue(e.getMessage().contains("16"), e.getMessage());
    }
}
