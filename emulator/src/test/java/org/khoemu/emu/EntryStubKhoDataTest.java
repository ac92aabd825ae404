// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry stub's checks of struct kho_data beyond fdt_addr: what kho_populate() needs of
 * fdt_size, scratch_addr and scratch_size. Each load is otherwise good (purgatory's digests
 * cover the damaged boot_params, so only the entry stub can object), and each error has its
 * own code and sentence.
 */
class EntryStubKhoDataTest extends SharedMachineTest {

    private static String entryFailure(KexecScenario s) {
        KexecOutcome o = s.load();
        assertEquals(List.of("relocation", "purgatory", "entry"), o.stages().stream().map(KexecStage::name).toList());
        assertFalse(o.booted(), "booted although kho_data is bad");
        return o.failure();
    }

    /** The FDT header's totalsize (big-endian u32 at offset 4) of the scenario's FDT. */
    private static long fdtTotalSize() {
        return Integer.toUnsignedLong(Integer.reverseBytes(machine.mem().read32(KexecScenario.FDT + 4)));
    }

    @Test
    void goodKhoDataBoots() {
        KexecOutcome first = new KexecScenario(machine, 21).load();
        assertTrue(first.booted(), first::failure);
        long total = fdtTotalSize();
        assertTrue(total > 40 && total < 4096, () -> "totalsize " + total);
        // fdt_size exactly the FDT's totalsize is enough; so is a scratch array of three entries.
        KexecScenario s = new KexecScenario(machine, 22);
        s.khoFdtSize = total;
        s.khoScratchSize = 48;
        KexecOutcome o = s.load();
        assertTrue(o.booted(), o::failure);
    }

    @Test
    void zeroFdtSizeHasItsOwnError() {
        KexecScenario s = new KexecScenario(machine, 23);
        s.khoFdtSize = 0;
        String f = entryFailure(s);
        assertEquals(String.format("entry: kho_data.fdt_size 0x0 is smaller than the totalsize 0x%x of the KHO FDT "
                + "at 0x2100000", fdtTotalSize()), f);
    }

    @Test
    void fdtSizeBelowTotalSizeHasItsOwnError() {
        assertTrue(new KexecScenario(machine, 24).load().booted());
        long total = fdtTotalSize();
        KexecScenario s = new KexecScenario(machine, 24);
        s.khoFdtSize = total - 8;
        assertEquals(String.format("entry: kho_data.fdt_size 0x%x is smaller than the totalsize 0x%x of the KHO FDT "
                + "at 0x2100000", total - 8, total), entryFailure(s));
    }

    @Test
    void zeroScratchAddrHasItsOwnError() {
        KexecScenario s = new KexecScenario(machine, 25);
        s.khoScratchAddr = 0;
        assertEquals("entry: kho_data in setup_data 0x2000900 has scratch_addr 0, which the next kernel takes "
                + "for no KHO (scratch_size 0x10)", entryFailure(s));
    }

    @Test
    void zeroScratchSizeHasItsOwnError() {
        KexecScenario s = new KexecScenario(machine, 26);
        s.khoScratchSize = 0;
        assertEquals("entry: kho_data.scratch_size 0x0 (scratch_addr 0x5000000) is zero", entryFailure(s));
    }

    @Test
    void scratchSizeNotAWholeNumberOfEntriesHasItsOwnError() {
        KexecScenario s = new KexecScenario(machine, 27);
        s.khoScratchSize = 24;
        assertEquals("entry: kho_data.scratch_size 0x18 (scratch_addr 0x5000000) is not a multiple of "
                + "sizeof(struct kho_scratch) = 16", entryFailure(s));
    }
}
