// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.FieldReader;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two KHO FDTs built by the real libfdt's sequential writer and compared: a pointer that differs
 * is address-only; properties in another order, a changed value, a byte after totalsize each
 * come out as their own kind of difference, named.
 */
class FdtCompareTest {
    static final long A = 0x10000;
    static final long B = 0x20000;
    final HeapPhysMem mem = new HeapPhysMem(1 << 20);
    final FieldReader r = new FieldReader(mem);

    static FdtWriter root(FdtWriter w, long map, boolean compatibleFirst, String compat) {
        w.finishReservemap().beginNode("");
        if (compatibleFirst) {
            w.propertyString("compatible", compat).propertyRawU64("preserved-memory-map", map);
        } else {
            w.propertyRawU64("preserved-memory-map", map).propertyString("compatible", compat);
        }
        return w.beginNode("LUO").propertyRawU64("fdt", 0x51b000).endNode().endNode();
    }

    List<Finding> compare(byte[] a, byte[] b, UnaryOperator<byte[]> pageB) {
        mem.write(A, a);
        mem.write(B, b);
        byte[] pb = pageB.apply(mem.read(B, 4096));
        mem.write(B, pb);
        Findings out = new Findings(mem.size(), mem.size());
        FdtCompare.compare(out, "KHO FDT", FdtBlob.read(r, "KHO FDT", A, 4096), mem.read(A, 4096),
                FdtBlob.read(r, "KHO FDT", B, 4096), pb, Set.of("preserved-memory-map", "fdt"));
        return out.all();
    }

    static List<String> different(List<Finding> fs) {
        return fs.stream().filter(f -> f.kind() == Finding.Kind.DIFFERENT).map(f -> f.what() + ": " + f.field()).toList();
    }

    byte[] blob(long map, boolean compatibleFirst, String compat) {
        return root(FdtWriter.create(4096), map, compatibleFirst, compat).finish().toBytes();
    }

    @Test
    void aPointerIsAddressOnly() {
        List<Finding> fs = compare(blob(0x4c000, true, "kho-v1"), blob(0x3a000, true, "kho-v1"), p -> p);
        assertEquals(List.of(), different(fs));
        List<Finding> addr = fs.stream().filter(f -> f.kind() == Finding.Kind.ADDRESS).toList();
        assertEquals(1, addr.size());
        assertEquals("/ preserved-memory-map", addr.get(0).field());
        assertEquals("0x4c000", addr.get(0).a());
        assertEquals("0x3a000", addr.get(0).b());
        List<Finding> outside = compare(blob(0x4c000, true, "kho-v1"), blob(0x3efa1000, true, "kho-v1"), p -> p);
        assertEquals(List.of("value: / preserved-memory-map"), different(outside), "an address past RAM is not followable");
    }

    @Test
    void propertyOrderAndStringsBlock() {
        List<Finding> fs = compare(blob(0x4c0000, true, "kho-v1"), blob(0x4c0000, false, "kho-v1"), p -> p);
        assertEquals(List.of("property order: / properties", "strings block: strings block"), different(fs));
    }

    @Test
    void aValueIsNamedWithItsOffset() {
        List<Finding> fs = compare(blob(0x4c0000, true, "kho-v1"), blob(0x4c0000, true, "kho-v9"), p -> p);
        assertEquals(List.of("value: / compatible"), different(fs));
        Finding f = fs.stream().filter(x -> x.kind() == Finding.Kind.DIFFERENT).findFirst().orElseThrow();
        byte[] a = mem.read(A, 4096);
        assertEquals("kho-v1", new String(a, (int) f.offset(), 6, java.nio.charset.StandardCharsets.US_ASCII),
                "the offset is where the value lies in the blob");
        assertEquals("\"kho-v1\"", f.a());
        assertEquals("\"kho-v9\"", f.b());
    }

    @Test
    void aByteAfterTotalsizeIsALayoutDifference() {
        byte[] a = blob(0x4c0000, true, "kho-v1");
        List<Finding> fs = compare(a, a, p -> {
            p[3000] = 1;
            return p;
        });
        assertEquals(List.of("layout: bytes +0xbb8..+0xbb9"), different(fs));
        assertTrue(a.length < 3000);
    }
}
