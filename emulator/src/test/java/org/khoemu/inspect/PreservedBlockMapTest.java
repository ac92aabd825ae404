// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PreservedBlockMapTest {
    @Test
    void answersAsATreeMapOfTheSameBlocksDoes() {
        SplittableRandom r = new SplittableRandom(3);
        PreservedBlockMap.Builder b = new PreservedBlockMap.Builder();
        Map<Long, Integer> oracle = new TreeMap<>();
        for (int i = 0; i < 5000; i++) {
            long pa = (long) r.nextInt(0, 1 << 20) << 12;
            int order = r.nextInt(0, 11);
            b.put(pa, order);
            oracle.put(pa, order);
        }
        PreservedBlockMap m = b.build();
        assertEquals(oracle.size(), m.size());
        assertEquals(oracle, new LinkedHashMap<>(m));
        assertEquals(oracle.keySet().iterator().next(), m.keySet().iterator().next());
        for (int i = 0; i < 2000; i++) {
            long pa = (long) r.nextInt(0, 1 << 20) << 12;
            assertEquals(oracle.get(pa), m.get(pa));
        }
        assertNull(m.get(0x1001L));
        assertNull(m.get("x"));
    }
}
