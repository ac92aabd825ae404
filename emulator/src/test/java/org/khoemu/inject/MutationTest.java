// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.junit.jupiter.api.Test;
import org.khoemu.inspect.BadFieldException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MutationTest {
    @Test
    void eachMutationChangesTheBytesAsNamed() {
        byte[] v = {(byte) 0xff, 0x01, 0, 0};
        assertArrayEquals(new byte[4], Mutation.ZERO.apply(v, 0));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, Mutation.ONES.apply(v, 0));
        assertArrayEquals(new byte[] {0, 0x02, 0, 0}, Mutation.PLUS_ONE.apply(v, 0)); // 0x1ff + 1, little-endian
        assertArrayEquals(new byte[4], Mutation.PLUS_ONE.apply(new byte[] {-1, -1, -1, -1}, 0)); // wraps
        assertArrayEquals(new byte[] {(byte) 0xff, 0x01, 0x04, 0}, Mutation.FLIP.apply(v, 18));
        assertArrayEquals(new byte[] {(byte) 0xff, 0x01, 0, 0}, v); // the input is left alone
    }

    @Test
    void idsRoundTripAndBadOnesAreRefused() {
        for (String id : new String[] {"smoke:seed-v6:luo_session_ser[1].count:ones",
                "smoke:v6.19:khoser_mem_chunk[0].bitmaps[2].phys_start:flip63", "smoke:seed-v6:luo_file_ser[0][1].token:plus1"}) {
            assertEquals(id, Fault.parse(id).id());
        }
        Fault f = Fault.parse("smoke:seed-v6:luo_file_ser[0][1].token:flip7");
        assertEquals(new Fault("smoke", "seed-v6", "luo_file_ser[0][1].token", Mutation.FLIP, 7), f);
        for (String bad : new String[] {"luo_session_ser[1].count:ones", "smoke:seed-v6:x:flip", "smoke:seed-v6:x:ones3",
                "smoke:seed-v6:x:twice"}) {
            assertThrows(BadFieldException.class, () -> Fault.parse(bad), bad);
        }
    }
}
