// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PurgatoryParamsTest {
    private static final List<ShaRegion> TWO = List.of(new ShaRegion(0x100000, 0x1000), new ShaRegion(0x200000, 0x10));

    @Test
    void perRegionDigestsAreCopiedInAndOut() {
        byte[] d0 = new byte[32];
        byte[] d1 = new byte[32];
        d1[31] = 7;
        List<byte[]> mine = new ArrayList<>(List.of(d0, d1));
        PurgatoryParams p = new PurgatoryParams(1, 2, new byte[32], TWO, mine);
        d1[31] = 8;
        mine.clear();
        p.regionSha256().get(0)[0] = 9;
        assertEquals(2, p.regionSha256().size());
        assertEquals(7, p.regionSha256().get(1)[31]);
        assertArrayEquals(new byte[32], p.regionSha256().get(0));
    }

    @Test
    void oneDigestOf32BytesPerRegion() {
        assertThrows(IllegalArgumentException.class,
                () -> new PurgatoryParams(1, 2, new byte[32], TWO, List.of(new byte[32])));
        assertThrows(IllegalArgumentException.class,
                () -> new PurgatoryParams(1, 2, new byte[32], TWO, List.of(new byte[32], new byte[31])));
        assertThrows(IllegalArgumentException.class,
                () -> new PurgatoryParams(1, 2, new byte[20], List.of(), List.of()));
    }
}
