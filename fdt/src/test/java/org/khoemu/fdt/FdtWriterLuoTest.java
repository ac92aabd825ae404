// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed's LUO FDT, byte for byte (abi-reference §1.3). */
class FdtWriterLuoTest {
    private static final byte[] GOLDEN = TestBlobs.resource("golden/luo-seed.dtb");

    @Test
    void headerMatchesTheSeedLayout() {
        FdtHeader h = FdtHeader.readFrom(TestBlobs.luoSeed());
        assertEquals(FdtHeader.MAGIC, h.magic());
        assertEquals(236, h.totalsize());
        assertEquals(0x40, h.offDtStruct());
        assertEquals(0xbc, h.offDtStrings());
        assertEquals(0x30, h.offMemRsvmap());
        assertEquals(17, h.version());
        assertEquals(16, h.lastCompVersion());
        assertEquals(0, h.bootCpuidPhys());
        assertEquals(0x30, h.sizeDtStrings());
        assertEquals(0x7c, h.sizeDtStruct());
    }

    @Test
    void stringsBlockIsInReverseOrderOfFirstUse() {
        byte[] b = TestBlobs.luoSeed();
        String strings = new String(b, 0xbc, 0x30, StandardCharsets.US_ASCII);
        assertEquals("luo-session-header\0liveupdate-number\0compatible\0", strings);
        ByteBuffer bb = ByteBuffer.wrap(b);
        // nameoff fields of the four FDT_PROP tokens (struct block at 0x40)
        assertEquals(37, bb.getInt(0x50), "root compatible");
        assertEquals(19, bb.getInt(0x64), "liveupdate-number");
        assertEquals(37, bb.getInt(0x88), "luo-session compatible");
        assertEquals(0, bb.getInt(0xa4), "luo-session-header");
    }

    @Test
    void rawU64ValuesAreLittleEndianAtTheSeedOffsets() {
        byte[] b = TestBlobs.luoSeed();
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(b, 0x68, 0x70));
        assertArrayEquals(new byte[] {0, 0x60, 0x45, 0x23, 1, 0, 0, 0}, Arrays.copyOfRange(b, 0xa8, 0xb0));
    }

    @Test
    void equalsTheGoldenBlobWrittenByCLibfdt() {
        assertEquals(236, GOLDEN.length);
        assertArrayEquals(GOLDEN, TestBlobs.luoSeed());
    }

    @Test
    void preEncodedNamesGiveTheSameBytes() {
        FdtName compatible = FdtName.of("compatible");
        byte[] b = FdtWriter.create(4096).finishReservemap()
                .beginNode(FdtName.of(""))
                .propertyString(compatible, "luo-v1")
                .propertyRawU64(FdtName.of("liveupdate-number"), TestBlobs.LUO_NUMBER)
                .beginNode(FdtName.of("luo-session"))
                .propertyString(compatible, "luo-session-v1")
                .propertyRawU64(FdtName.of("luo-session-header"), TestBlobs.LUO_SESSION_HEADER_PA)
                .endNode().endNode().finish().toBytes();
        assertArrayEquals(GOLDEN, b);
    }

    @Test
    void createAtWritesIntoForeignMemoryLikeTheKernelsPage() {
        Memory page = new Memory(4096);
        for (int i = 0; i < 4096; i++) {
            page.setByte(i, (byte) 0xa5); // libfdt must clear what it owns
        }
        FdtWriter w = FdtWriter.createAt(Pointer.nativeValue(page), 4096).finishReservemap()
                .beginNode("")
                .propertyString("compatible", "luo-v1")
                .propertyRawU64("liveupdate-number", TestBlobs.LUO_NUMBER)
                .beginNode("luo-session")
                .propertyString("compatible", "luo-session-v1")
                .propertyRawU64("luo-session-header", TestBlobs.LUO_SESSION_HEADER_PA)
                .endNode().endNode().finish();
        assertEquals(Pointer.nativeValue(page), w.hostAddress());
        assertEquals(236, w.totalSize());
        assertArrayEquals(GOLDEN, page.getByteArray(0, 236));
        // Real libfdt grows the strings block down from the buffer end and fdt_finish moves it
        // next to the structure block without clearing the old copy: the page tail keeps it
        // (checked against the C program in golden/luo-seed.c writing a whole page).
        assertArrayEquals(new byte[4096 - 48 - 236], page.getByteArray(236, 4096 - 48 - 236));
        assertArrayEquals(Arrays.copyOfRange(GOLDEN, 0xbc, 0xbc + 0x30), page.getByteArray(4096 - 48, 48));
    }

    @Test
    void readerSeesTheSeedValues() {
        Fdt fdt = Fdt.fromBytes(GOLDEN);
        assertEquals(true, fdt.nodeCheckCompatible(Fdt.ROOT, "luo-v1"));
        assertEquals(1L, Fdt.rawU64(fdt.getprop(Fdt.ROOT, "liveupdate-number")));
        int session = fdt.subnode(Fdt.ROOT, "luo-session");
        assertEquals("luo-session-v1", fdt.getpropString(session, "compatible"));
        assertEquals(0x123456000L, Fdt.rawU64(fdt.getprop(session, "luo-session-header")));
        // the same 8 bytes read as DT cells give the byte-swapped value dtc shows
        assertEquals(0x0060452301000000L, Fdt.fdt64(fdt.getprop(session, "luo-session-header")));
    }
}
