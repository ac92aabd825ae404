// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Trees and resources shared by the fdt tests. */
final class TestBlobs {
    static final long LUO_NUMBER = 1;
    static final long LUO_SESSION_HEADER_PA = 0x123456000L;

    private TestBlobs() {
    }

    /** The LUO FDT of seed 002, in the seed's call order (luo_fdt_setup + luo_session_setup_outgoing). */
    static byte[] luoSeed() {
        return FdtWriter.create(4096).finishReservemap()
                .beginNode("")
                .propertyString("compatible", "luo-v1")
                .propertyRawU64("liveupdate-number", LUO_NUMBER)
                .beginNode("luo-session")
                .propertyString("compatible", "luo-session-v1")
                .propertyRawU64("luo-session-header", LUO_SESSION_HEADER_PA)
                .endNode()
                .endNode()
                .finish()
                .toBytes();
    }

    /**
     * A KHO-like root FDT plus every property kind DtsPrinter must render: string lists, u32
     * cells, byte strings, an empty property, nested nodes and reserve map entries.
     */
    static byte[] khoAllKinds() {
        return FdtWriter.create(4096)
                .addReservemapEntry(0x1000, 0x2000)
                .addReservemapEntry(0x1_0000_0000L, 0x40_0000)
                .finishReservemap()
                .beginNode("")
                .propertyString("compatible", "kho-v1")
                .propertyRawU64("preserved-memory-map", 0x7ff0_1000L)
                .propertyStringList("names", "alpha", "beta", "gamma")
                .propertyU32("#address-cells", 2)
                .propertyFdt64("big", 0x0123_4567_89ab_cdefL)
                .property("bytes", new byte[] {1, 2, 3, (byte) 0xff, 0x7f})
                .property("empty", new byte[0])
                .propertyRawU32("magic", 0x4b484f21)
                .beginNode("LUO")
                .propertyRawU64("fdt", 0x1_2345_0000L)
                .endNode()
                .beginNode("kho_test")
                .propertyRawU64("fdt", 0x2000)
                .beginNode("data@1000")
                .propertyU32("nr_folios", 3)
                .endNode()
                .endNode()
                .beginNode("memblock")
                .endNode()
                .endNode()
                .finish()
                .toBytes();
    }

    static byte[] resource(String name) {
        try (InputStream in = TestBlobs.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
