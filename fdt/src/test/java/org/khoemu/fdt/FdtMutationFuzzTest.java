// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deterministic mutation fuzzing of untrusted input: bit flips, byte overwrites, truncations and
 * interesting 32-bit words in the golden blobs. Every outcome must be a clean FdtException or a
 * blob that the reader, DtsPrinter and FdtDump then handle without any other exception. A
 * native crash would kill the test JVM and fail the build.
 */
class FdtMutationFuzzTest {
    private static final int ROUNDS = 3000;
    private static final int[] INTERESTING = {0, 1, 2, 3, 4, 9, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fffc,
            0x28, 0x30, 0x40, 0xec, 0x1000, FdtHeader.MAGIC};

    private int accepted;
    private int rejected;
    private int dtcCompared;

    @Test
    void mutantsOfTheLuoBlob() {
        fuzz(TestBlobs.resource("golden/luo-seed.dtb"), 1);
    }

    @Test
    void mutantsOfTheKhoBlob() {
        fuzz(TestBlobs.khoAllKinds(), 2);
    }

    private void fuzz(byte[] base, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] m = mutate(base, r);
            try {
                Fdt fdt = Fdt.fromBytes(m);
                accepted++;
                exercise(fdt, m);
            } catch (FdtException e) {
                rejected++;
                assertTrue(e.getMessage().contains("FDT_ERR_"), e.getMessage());
            } catch (RuntimeException | Error e) {
                fail("round " + i + " (seed " + seed + "): " + e + " on " + hex(m), e);
            }
        }
        // both paths must really be exercised, or the fuzzer proves nothing
        assertTrue(accepted > ROUNDS / 20, "accepted " + accepted);
        assertTrue(rejected > ROUNDS / 4, "rejected " + rejected);
        assertTrue(dtcCompared > 0, "no accepted mutant was compared with dtc");
    }

    private void exercise(Fdt fdt, byte[] m) {
        try {
            walk(fdt, Fdt.ROOT, 0);
            fdt.reserveMap();
            String dts = DtsPrinter.print(fdt);
            FdtDump.dump(fdt);
            if (accepted % 40 == 1 && dtcCompared < 25) {
                compareWithDtc(fdt, dts);
            }
        } catch (FdtException e) {
            // a valid blob can still hold e.g. a non-string "compatible"; errors must stay clean
            assertTrue(e.getMessage().contains("FDT_ERR_"), e.getMessage());
        }
    }

    private void compareWithDtc(Fdt fdt, String dts) {
        String theirs;
        try {
            theirs = Dtc.decompile(fdt.toBytes());
        } catch (IllegalStateException dtcRefused) {
            return; // dtc rejects some libfdt-valid trees (e.g. duplicate names); nothing to compare
        }
        dtcCompared++;
        assertEquals(theirs, dts);
    }

    private static void walk(Fdt fdt, int node, int depth) {
        fdt.nodeName(node);
        for (FdtProperty p : fdt.properties(node)) {
            // names are decoded as UTF-8; a mutated byte may not survive the round trip
            if (p.name().chars().allMatch(c -> c > 0 && c < 0x80)) {
                assertNotNull(fdt.getprop(node, p.name()), p.name());
            }
        }
        fdt.nodeCheckCompatible(node, "luo-v1");
        for (int child : fdt.subnodes(node)) {
            walk(fdt, child, depth + 1);
        }
    }

    private static byte[] mutate(byte[] base, Random r) {
        byte[] m = base.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                int bit = r.nextInt(m.length * 8);
                m[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            case 1 -> {
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> m = Arrays.copyOf(m, r.nextInt(m.length));
            case 3 -> ByteBuffer.wrap(m).putInt(4 * r.nextInt(m.length / 4), INTERESTING[r.nextInt(INTERESTING.length)]);
            default -> {
                // shorten and fix totalsize, so the header passes and libfdt meets the damage
                m = Arrays.copyOf(m, FdtHeader.SIZE + r.nextInt(m.length - FdtHeader.SIZE));
                ByteBuffer.wrap(m).putInt(FdtHeader.OFF_TOTALSIZE, m.length);
            }
        }
        return m;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
