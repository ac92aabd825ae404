// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SizesTest {
    @Test
    void plainBytesAndBinarySuffixes() {
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(64L << 10, Sizes.parse("64K"));
        assertEquals(64L << 10, Sizes.parse("64k"));
        assertEquals(64L << 20, Sizes.parse("64M"));
        assertEquals(1L << 30, Sizes.parse("1G"));
        assertEquals(2L << 30, Sizes.parse("2GiB"));
        assertEquals(512L << 20, Sizes.parse("512MB"));
        assertEquals(3L << 40, Sizes.parse("3T"));
        assertEquals(0, Sizes.parse("0"));
    }

    @Test
    void rejectsWhatIsNotASize() {
        for (String bad : new String[] {"", "12Q", "M", "-1", "1.5G", "0x1000", "G1", "99999999999999999999",
                "9999999999T", "64 M"}) {
            assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
    }
}
