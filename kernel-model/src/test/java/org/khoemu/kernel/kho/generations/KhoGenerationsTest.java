// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.generations;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.kho.KhoGeneration;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four generations' names and properties as abi-reference 3.1 tabulates them. */
class KhoGenerationsTest {
    @Test
    void tableOfSection31() {
        // compatible, child address property, blob-size, live radix map
        Object[][] table = {
                {"kho-v1", "fdt", false, false},
                {"kho-v2", "preserved-data", false, true},
                {"kho-v3", "preserved-data", true, true},
                {"kho-v4", "preserved-data", true, true},
        };
        for (Object[] row : table) {
            KhoGeneration g = KhoGenerations.byName((String) row[0]);
            assertEquals(row[0], g.compatible());
            assertEquals(row[1], g.subtreeProperty(), g + " child property");
            assertEquals(row[2], g.hasBlobSize(), g + " blob-size");
            assertEquals(row[3], g.memMap().isLive(), g + " live map");
        }
        assertEquals(List.of("kho-v1", "kho-v2", "kho-v3", "kho-v4"),
                KhoGenerations.all().stream().map(KhoGeneration::name).toList());
        assertSame(KhoGenerations.KHO_V1, KhoGenerations.DEFAULT);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KhoGenerations.byName("kho-v5"));
        assertEquals("unknown KHO generation 'kho-v5' (known: kho-v1, kho-v2, kho-v3, kho-v4)", e.getMessage());
    }

    @Test
    void generationIsRecognisedFromTheRootFdtBytes() {
        for (KhoGeneration g : KhoGenerations.all()) {
            assertSame(g, KhoGenerations.of(root(g.compatible())));
        }
        assertNull(KhoGenerations.of(root("kho-v9")));
        assertFalse(KhoGenerations.of(root("kho-v3")).compatible().equals("kho-v4"));
        assertTrue(KhoGenerations.of(root("kho-v1")).subtreeProperty().equals("fdt"));
    }

    private static Fdt root(String compat) {
        FdtWriter w = FdtWriter.create(1024);
        w.finishReservemap().beginNode("").propertyString("compatible", compat)
                .propertyRawU64("preserved-memory-map", 0x1000).endNode().finish();
        return Fdt.fromBytes(w.toBytes());
    }
}
