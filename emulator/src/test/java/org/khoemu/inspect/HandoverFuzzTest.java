// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.HeapPhysMem;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.khoemu.inspect.SyntheticHandover.*;

/**
 * Random damage to every structure of a handover: decoding either succeeds or fails with one
 * {@link ImageFormatException} line naming a field and an address; nothing else escapes (no
 * index or arithmetic exception, no libfdt crash).
 */
class HandoverFuzzTest {
    /** Where the structures are, and how many bytes of each the damage may hit. */
    static final long[][] TARGETS = {
            {BP + 0x1f0, 0x70}, {SD, 48}, {KHO_FDT, 188}, {MEM_MAP, 32}, {LUO_FDT, 236}, {BLOCK, 176},
            {FILES, 128}, {MEMFD0, 80}, {VCHUNK, 24}, {VPIECE, 32}};

    @Test
    void damagedHandoversFailWithOneNamedLine() throws Exception {
        SyntheticHandover pristine = new SyntheticHandover();
        Random rnd = new Random(20261122);
        int failures = 0;
        int runs = 600;
        for (int i = 0; i < runs; i++) {
            HeapPhysMem m = new HeapPhysMem(RAM);
            for (long[] t : TARGETS) {
                m.write(t[0], pristine.mem.read(t[0], (int) t[1]));
            }
            copyPages(pristine, m);
            int hits = 1 + rnd.nextInt(3);
            for (int h = 0; h < hits; h++) {
                long[] t = TARGETS[rnd.nextInt(TARGETS.length)];
                long pa = t[0] + rnd.nextInt((int) t[1]);
                m.write8(pa, (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : m.read8(pa) ^ (1 << rnd.nextInt(8))));
            }
            try {
                HandoverInspection.decode(m, BP);
            } catch (ImageFormatException e) {
                failures++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().matches("^.+ at 0x\\p{XDigit}+: .+$"), e.getMessage());
            } catch (RuntimeException e) {
                fail("damage run " + i + " escaped as " + e, e);
            }
        }
        assertTrue(failures > runs / 4, "the damage should usually be noticed: " + failures + " of " + runs);
    }

    /** The pieces the targets point at that hold no structure: bitmap, vmalloc piece, memfd pages. */
    private static void copyPages(SyntheticHandover from, HeapPhysMem to) {
        for (long pa : new long[] {BITMAP, PAGE0, PAGE2}) {
            to.write(pa, from.mem.read(pa, 4096));
        }
        to.write(MEMFD1, from.mem.read(MEMFD1, 40));
        to.write(0x300000, from.mem.read(0x300000, 16));
    }
}
