// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;
import org.khoemu.kernel.port.ShaRegion;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What purgatory says when the digest check fails: the first region whose own digest differs,
 * or, when every region matches, that the expected overall digest is wrong. The kernel entry
 * is never reached. Each test stages a good load (it boots), damages a staged source page and
 * runs the kexec again.
 */
class PurgatoryMismatchTest {
    private final Machine machine = Machine.create(256L << 20);

    @AfterEach
    void close() {
        machine.close();
    }

    private KexecScenario bootedScenario(long seed) {
        KexecScenario s = new KexecScenario(machine, seed);
        KexecOutcome first = s.load();
        assertTrue(first.booted(), first::failure);
        return s;
    }

    /** Flips a bit of the staged source of destination {@code pa}. */
    private void flipStaged(KexecScenario s, long pa, int bit) {
        long page = pa & ~4095L;
        machine.faults().flipBit(s.sourceOf.get(page) + (pa - page), bit);
    }

    private KexecOutcome kexecAgain(KexecScenario s) {
        return machine.kexecHardware().machineKexec(s.head, KexecScenario.CONTROL_PAGE, KexecScenario.PURGATORY);
    }

    private static void assertEntryNeverReached(KexecOutcome o) {
        assertFalse(o.booted());
        assertEquals(List.of("relocation", "purgatory"), o.stages().stream().map(KexecStage::name).toList());
    }

    private static String regionSentence(KexecScenario s, int i) {
        ShaRegion r = s.params.regions().get(i);
        return String.format("purgatory: SHA-256 mismatch over region %d (0x%x+0x%x)", i, r.start(), r.len());
    }

    @Test
    void aBitFlippedInTheThirdSegmentNamesRegion2() {
        KexecScenario s = bootedScenario(3);
        ShaRegion third = s.params.regions().get(2);
        long pa = third.start() + third.len() / 2;
        byte staged = machine.mem().read8(s.sourceOf.get(pa & ~4095L) + (pa & 4095));
        flipStaged(s, pa, 4);
        KexecOutcome o = kexecAgain(s);
        assertEquals(regionSentence(s, 2), o.failure());
        assertEntryNeverReached(o);
        assertEquals((byte) (staged ^ 16), machine.mem().read8(pa), "relocation copied the damaged byte");
    }

    @Test
    void theFirstDamagedRegionIsNamed() {
        KexecScenario s = bootedScenario(12);
        for (int i : new int[] {2, 1}) {
            ShaRegion r = s.params.regions().get(i);
            flipStaged(s, r.start() + r.len() - 1, 0);
        }
        KexecOutcome o = kexecAgain(s);
        assertEquals(regionSentence(s, 1), o.failure());
        assertEntryNeverReached(o);
    }

    @Test
    void aDamagedOverallDigestHasItsOwnSentence() {
        KexecScenario s = bootedScenario(13);
        long block = KexecScenario.PURGATORY + PurgatoryBlock.find(machine.kexecHardware().purgatoryImage(s.params));
        byte[] expected = s.params.sha256();
        expected[5] ^= 0x40;
        flipStaged(s, block + PurgatoryBlock.OFF_SHA256 + 5, 6);
        KexecOutcome o = kexecAgain(s);
        HexFormat hex = HexFormat.of();
        assertEquals(String.format("purgatory: all 3 regions match their own SHA-256, but the overall SHA-256 %s "
                + "differs from the expected %s in the parameter block at 0x%x, so the expected digest itself is wrong",
                hex.formatHex(s.params.sha256()), hex.formatHex(expected), block), o.failure());
        assertEntryNeverReached(o);
    }

    @Test
    void theSuccessPathNeverReadsThePerRegionDigests() {
        KexecScenario s = bootedScenario(14);
        long block = KexecScenario.PURGATORY + PurgatoryBlock.find(machine.kexecHardware().purgatoryImage(s.params));
        int max = machine.kexecHardware().purgatoryMaxRegions();
        for (int i = 0; i < s.params.regions().size(); i++) {
            flipStaged(s, block + PurgatoryBlock.offRegionSha256(max) + 32L * i, 1);
        }
        KexecOutcome o = kexecAgain(s);
        assertTrue(o.booted(), o::failure);
        assertEquals(KexecScenario.BOOT_PARAMS, o.bootParams());
    }
}
