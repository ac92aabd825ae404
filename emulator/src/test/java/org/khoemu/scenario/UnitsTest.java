// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnitsTest {
    @Test
    void humanFormPicksTheLargestExactUnit() {
        assertEquals("1 GiB", Units.human(1L << 30));
        assertEquals("64 KiB", Units.human(65536));
        assertEquals("4100 B", Units.human(4100));
        assertEquals("1536 KiB", Units.human(1536 << 10));
        assertEquals("0 B", Units.human(0));
    }

    @Test
    void roundedFormRoundsDownToOneDecimal() {
        assertEquals("467.5 MiB", Units.roundedDown(478796L << 10));
        assertEquals("1 GiB", Units.roundedDown(1L << 30));
        assertEquals("1023 B", Units.roundedDown(1023));
        assertEquals("1.9 GiB", Units.roundedDown((2L << 30) - 1));
    }
}
