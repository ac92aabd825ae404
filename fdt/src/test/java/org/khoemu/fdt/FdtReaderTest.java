// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trip: everything FdtWriter writes comes back through the libfdt reader. */
class FdtReaderTest {
    private final byte[] blob = TestBlobs.khoAllKinds();
    private final Fdt fdt = Fdt.fromBytes(blob);

    @Test
    void everyPropertyValueRoundTrips() {
        assertEquals("kho-v1", fdt.getpropString(Fdt.ROOT, "compatible"));
        assertEquals(0x7ff0_1000L, Fdt.rawU64(fdt.getprop(Fdt.ROOT, "preserved-memory-map")));
        assertArrayEquals("alpha\0beta\0gamma\0".getBytes(), fdt.getprop(Fdt.ROOT, "names"));
        assertEquals("alpha", fdt.getpropString(Fdt.ROOT, "names"));
        assertEquals(2, Fdt.fdt32(fdt.getprop(Fdt.ROOT, "#address-cells")));
        assertArrayEquals(new byte[] {0, 0, 0, 2}, fdt.getprop(Fdt.ROOT, "#address-cells"));
        assertEquals(0x0123_4567_89ab_cdefL, Fdt.fdt64(fdt.getprop(Fdt.ROOT, "big")));
        assertArrayEquals(new byte[] {1, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef},
                fdt.getprop(Fdt.ROOT, "big"));
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xff, 0x7f}, fdt.getprop(Fdt.ROOT, "bytes"));
        assertArrayEquals(new byte[0], fdt.getprop(Fdt.ROOT, "empty"));
        assertEquals(0x4b484f21, Fdt.rawU32(fdt.getprop(Fdt.ROOT, "magic")));
        assertArrayEquals("!OHK".getBytes(), fdt.getprop(Fdt.ROOT, "magic"));
        int luo = fdt.subnode(Fdt.ROOT, "LUO");
        assertEquals(0x1_2345_0000L, Fdt.rawU64(fdt.getprop(luo, FdtName.of("fdt"))));
        int data = fdt.pathOffset("/kho_test/data@1000");
        assertEquals(3, Fdt.fdt32(fdt.getprop(data, "nr_folios")));
        assertEquals("data@1000", fdt.nodeName(data));
    }

    @Test
    void propertiesComeBackInWriteOrder() {
        List<FdtProperty> props = fdt.properties(Fdt.ROOT);
        assertEquals(List.of("compatible", "preserved-memory-map", "names", "#address-cells", "big", "bytes",
                "empty", "magic"), props.stream().map(FdtProperty::name).toList());
        assertEquals(new FdtProperty("bytes", new byte[] {1, 2, 3, (byte) 0xff, 0x7f}), props.get(5));
        assertEquals(0, props.get(6).length());
        for (FdtProperty p : props) {
            assertArrayEquals(fdt.getprop(Fdt.ROOT, p.name()), p.value(), p.name());
        }
    }

    @Test
    void propertyPositionsPointAtTheValuesInTheBlob() {
        List<Fdt.PropertyPosition> pos = fdt.propertyPositions(Fdt.ROOT);
        assertEquals(fdt.properties(Fdt.ROOT).stream().map(FdtProperty::name).toList(),
                pos.stream().map(Fdt.PropertyPosition::name).toList());
        for (Fdt.PropertyPosition p : pos) {
            // a value starts after the 12-byte property header, inside the struct block (the dtspec's layout)
            assertTrue(p.valueOffset() >= fdt.header().offDtStruct() + 12, p.toString());
            assertArrayEquals(fdt.getprop(Fdt.ROOT, p.name()),
                    java.util.Arrays.copyOfRange(blob, p.valueOffset(), p.valueOffset() + p.length()), p.name());
        }
    }

    @Test
    void subnodesAndNames() {
        List<String> names = fdt.subnodes(Fdt.ROOT).stream().map(fdt::nodeName).toList();
        assertEquals(List.of("LUO", "kho_test", "memblock"), names);
        assertEquals("", fdt.nodeName(Fdt.ROOT));
        int memblock = fdt.subnode(Fdt.ROOT, FdtName.of("memblock"));
        assertEquals(List.of(), fdt.subnodes(memblock));
        assertEquals(List.of(), fdt.properties(memblock));
        assertEquals(fdt.pathOffset("/memblock"), memblock);
    }

    @Test
    void absentThingsAreMinusOneOrNull() {
        assertEquals(-1, fdt.subnode(Fdt.ROOT, "nope"));
        assertEquals(-1, fdt.pathOffset("/kho_test/nope"));
        assertNull(fdt.getprop(Fdt.ROOT, "nope"));
        assertNull(fdt.getpropString(Fdt.ROOT, "nope"));
        assertNull(fdt.getprop(Fdt.ROOT, FdtName.of("nope")));
    }

    @Test
    void compatibleChecks() {
        assertTrue(fdt.nodeCheckCompatible(Fdt.ROOT, "kho-v1"));
        assertTrue(fdt.nodeCheckCompatible(Fdt.ROOT, FdtName.of("kho-v1")));
        assertFalse(fdt.nodeCheckCompatible(Fdt.ROOT, "kho-v2"));
        assertFalse(fdt.nodeCheckCompatible(fdt.subnode(Fdt.ROOT, "LUO"), "kho-v1"), "no compatible property");
    }

    @Test
    void otherErrorsThrowWithTheLibfdtCode() {
        FdtException bad = assertThrows(FdtException.class, () -> fdt.pathOffset("no-leading-slash"));
        assertEquals(FdtError.BADPATH, bad.error());
        assertEquals("fdt_path_offset(no-leading-slash): FDT_ERR_BADPATH", bad.getMessage());
        assertEquals(FdtError.BADOFFSET, assertThrows(FdtException.class, () -> fdt.getprop(3, "x")).error());
        assertEquals(FdtError.BADOFFSET, assertThrows(FdtException.class, () -> fdt.subnodes(-1)).error());
        assertEquals(FdtError.BADOFFSET, assertThrows(FdtException.class, () -> fdt.properties(-1)).error());
        assertEquals(FdtError.BADOFFSET, assertThrows(FdtException.class, () -> fdt.getprop(-1, "x")).error());
        assertEquals(FdtError.BADOFFSET, assertThrows(FdtException.class, () -> fdt.nodeName(1 << 20)).error());
        FdtException notString = assertThrows(FdtException.class, () -> fdt.getpropString(Fdt.ROOT, "magic"));
        assertEquals(FdtError.BADVALUE, notString.error());
    }

    @Test
    void reserveMapAndBytes() {
        assertEquals(List.of(new FdtReserveEntry(0x1000, 0x2000), new FdtReserveEntry(0x1_0000_0000L, 0x40_0000)),
                fdt.reserveMap());
        assertArrayEquals(blob, fdt.toBytes());
        assertEquals(blob.length, fdt.totalSize());
        assertEquals(FdtHeader.readFrom(blob), fdt.header());
    }

    @Test
    void wrapUntrustedReadsInPlaceAndHonoursMaxLen() {
        Memory m = new Memory(blob.length + 64);
        m.clear();
        m.write(0, blob, 0, blob.length);
        Fdt inPlace = Fdt.wrapUntrusted(com.sun.jna.Pointer.nativeValue(m), m.size());
        assertEquals(com.sun.jna.Pointer.nativeValue(m), inPlace.hostAddress());
        assertEquals("kho-v1", inPlace.getpropString(Fdt.ROOT, "compatible"));
        FdtException e = assertThrows(FdtException.class,
                () -> Fdt.wrapUntrusted(com.sun.jna.Pointer.nativeValue(m), blob.length - 1));
        assertEquals(FdtError.TRUNCATED, e.error());
        assertEquals(FdtError.TRUNCATED, assertThrows(FdtException.class,
                () -> Fdt.wrapUntrusted(com.sun.jna.Pointer.nativeValue(m), 12)).error());
    }

    /** libfdt 1.6.1 insists on an 8-byte aligned blob; fromBytes copies into aligned memory. */
    @Test
    void misalignedBlobInPlaceIsAlignmentError() {
        Memory m = new Memory(blob.length + 8);
        m.write(3, blob, 0, blob.length);
        FdtException e = assertThrows(FdtException.class,
                () -> Fdt.wrapUntrusted(com.sun.jna.Pointer.nativeValue(m) + 3, blob.length));
        assertEquals(FdtError.ALIGNMENT, e.error());
        assertEquals("fdt_check_full: FDT_ERR_ALIGNMENT (the blob is not 8-byte aligned)", e.getMessage());
        assertEquals(fdt.properties(Fdt.ROOT), Fdt.fromBytes(m.getByteArray(3, blob.length)).properties(Fdt.ROOT));
    }

    @Test
    void valueHelpersDemandExactLengths() {
        assertEquals(FdtError.BADVALUE, assertThrows(FdtException.class, () -> Fdt.rawU64(new byte[7])).error());
        assertEquals(FdtError.BADVALUE, assertThrows(FdtException.class, () -> Fdt.rawU64(null)).error());
        assertEquals(FdtError.BADVALUE, assertThrows(FdtException.class, () -> Fdt.fdt32(new byte[8])).error());
        assertEquals(FdtError.BADVALUE, assertThrows(FdtException.class, () -> Fdt.fdt64(new byte[4])).error());
        assertEquals(FdtError.BADVALUE, assertThrows(FdtException.class, () -> Fdt.rawU32(new byte[5])).error());
        assertEquals(0x0807060504030201L, Fdt.rawU64(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals(0x0102030405060708L, Fdt.fdt64(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        // on a little-endian host fdt32_to_cpu swaps
        assertEquals(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0x04030201 : 0x01020304,
                Fdt.fdt32ToCpu(0x01020304));
        assertEquals(Long.reverseBytes(Fdt.fdt64ToCpu(0x1122334455667788L)),
                java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0x1122334455667788L
                        : 0x8877665544332211L);
    }
}
