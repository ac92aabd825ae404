// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.kernel.luo.LuoSessionList;
import org.khoemu.kernel.luo.LuoSessionLookup;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C baseline (gcc -O2, through JNA) against the Java model on a real machine: the same
 * serialized bytes for the same sessions, and the same rebuild, including a duplicate name.
 */
class CBaselineTest {
    @ParameterizedTest
    @ValueSource(strings = {"seed-v6", "v6.19"})
    void cWritesTheSameBytesAsJava(String abi) {
        try (BenchKernel k = BenchKernel.boot(abi).populate(30, 4)) {
            k.luo.sessions().serialize();
            try (CBaseline c = CBaseline.of(k)) {
                assertNull(c.firstDifference(BenchKernel.profileId(k.luo.profile())));
                // block + 30 file arrays of 4 entries + 120 memfd positions
                assertEquals((16 << 12) + 30 * 4 * 64 + 120 * 8, c.bytesCompared());
                // the check can fail: the other generation's layout differs
                int other = 1 - BenchKernel.profileId(k.luo.profile());
                assertNotNull(c.firstDifference(other));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"faithful", "hashed"})
    void cRebuildsWhatJavaRebuildsAndStopsAtTheSameDuplicate(String variant) {
        boolean hashed = variant.equals("hashed");
        try (BenchKernel k = BenchKernel.boot("seed-v6").populate(50, 1)) {
            k.luo.sessions().serialize();
            LuoSessionLookup lookup = hashed ? LuoSessionLookup.HASHED : LuoSessionLookup.FAITHFUL;
            try (CBaseline c = CBaseline.of(k)) {
                LuoSessionList java = k.luo.sessions().rebuild(k.blockPa(), lookup, null);
                assertEquals(0, c.deserialize(hashed, 1));
                assertEquals(java.count(), c.inserted());
                for (int i = 0; i < 50; i++) {
                    assertEquals(java.sessions().get(i).name(), c.incomingName(i));
                    assertEquals(((long) i << 20), c.incomingToken(i, 0));
                }
                LuoAbiProfile p = k.luo.profile();
                CString.write(k.machine.mem(), k.blockPa() + p.sessionHeaderSize() + 33L * p.sessionEntrySize(),
                        p.sessionNameLength(), "session-7");
                int[] partial = new int[1];
                Consumer<LuoSessionList> seen = l -> partial[0] = l.count();
                assertThrows(RuntimeException.class, () -> k.luo.sessions().rebuild(k.blockPa(), lookup, seen));
                assertEquals(-17, c.deserialize(hashed, 1), "EEXIST");
                assertEquals(33, partial[0]);
                assertEquals(partial[0], c.inserted());
                assertTrue(c.incomingName(32).equals("session-32"));
            }
        }
    }
}
