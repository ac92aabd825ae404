// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FdtErrorTest {
    @ParameterizedTest
    @EnumSource(FdtError.class)
    void namesAndCodesMatchLibfdt(FdtError e) {
        // libfdt.h 1.6.1 defines FDT_ERR_ALIGNMENT (19) but its fdt_strerror table stops at 18
        String expected = e == FdtError.ALIGNMENT ? "<unknown error>" : e.macroName();
        assertEquals(expected, LibFdt.fdt_strerror(-e.code()));
        assertEquals(e, FdtError.fromCode(-e.code()));
    }

    @Test
    void codesAreOneToNineteenInOrder() {
        FdtError[] all = FdtError.values();
        assertEquals(19, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i + 1, all[i].code());
        }
    }

    @Test
    void unknownCodeIsReportedAsInternalWithTheNumber() {
        FdtException e = FdtException.fromReturn("fdt_x", -42);
        assertEquals(FdtError.INTERNAL, e.error());
        assertEquals("fdt_x: FDT_ERR_INTERNAL (unknown libfdt error -42)", e.getMessage());
    }

    @Test
    void messageNamesOperationAndError() {
        FdtException e = FdtException.fromReturn("fdt_property(liveupdate-number)", -7);
        assertEquals("fdt_property(liveupdate-number): FDT_ERR_BADSTATE", e.getMessage());
        assertEquals("fdt_property(liveupdate-number)", e.operation());
        assertEquals(FdtError.BADSTATE, e.error());
    }
}
