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
 * What relocation says about a broken kimage list: its own sentences for an IND_SOURCE before
 * any IND_DESTINATION and for an entry whose flags are not exactly one of the four, and for a
 * pointer outside RAM the stage, the entry being handled and the address.
 */
class RelocationErrorTest extends SharedMachineTest {
    private static final long LIST = KexecScenario.IND_POOL;
    private static final long PURG = 0x6800000;

    private static List<String> names(KexecOutcome o) {
        return o.stages().stream().map(KexecStage::name).toList();
    }

    /** Writes {@code entries} into the list page and runs machine_kexec on it (head = that page). */
    private static KexecOutcome run(long... entries) {
        for (int i = 0; i < entries.length; i++) {
            machine.mem().write64(LIST + 8L * i, entries[i]);
        }
        return machine.kexecHardware().machineKexec(LIST | KimageList.IND_INDIRECTION, KexecScenario.CONTROL_PAGE, PURG);
    }

    @Test
    void relocationCostPerPageIsReported() {
        KexecScenario s = new KexecScenario(machine, 31);
        KexecOutcome o = s.load();
        assertTrue(o.booted(), o::failure);
        long insns = o.stages().get(0).instructions();
        long pages = s.expected.size();
        long entries = pages + s.list.indirectionPages.size() + 4;
        System.out.printf("relocation: %d instructions for %d pages (%.1f per page)%n", insns, pages,
                (double) insns / pages);
        // 64 iterations of 20 instructions per page, plus a bounded handful per entry.
        assertTrue(insns >= 1280 * pages && insns <= 1280 * pages + 20 * (entries + pages), () -> "instructions " + insns);
    }

    private static void assertFailedInRelocation(KexecOutcome o) {
        assertFalse(o.booted());
        assertEquals(List.of("relocation"), names(o));
    }

    @Test
    void sourceBeforeAnyDestinationHasItsOwnError() {
        KexecOutcome o = run(0x4000000 | KimageList.IND_SOURCE, KimageList.IND_DONE);
        assertFailedInRelocation(o);
        assertEquals("relocation: IND_SOURCE entry 0x4000008 at 0x3100000 comes before any IND_DESTINATION", o.failure());
        assertEquals(0, machine.mem().read64(0), "copied to page 0");
    }

    @Test
    void twoFlagsInOneEntryHaveTheirOwnError() {
        KexecOutcome o = run(0x1000000 | KimageList.IND_DESTINATION, 0x4000003, KimageList.IND_DONE);
        assertFailedInRelocation(o);
        assertEquals("relocation: kimage entry 0x4000003 at 0x3100008 has flags 0x3, not exactly one of "
                + "IND_DESTINATION (1), IND_INDIRECTION (2), IND_DONE (4), IND_SOURCE (8)", o.failure());
    }

    @Test
    void anUnknownFlagBitHasTheSameError() {
        KexecOutcome o = run(0x1000000 | KimageList.IND_DESTINATION, 0x4000010, KimageList.IND_DONE);
        assertFailedInRelocation(o);
        assertTrue(o.failure().startsWith("relocation: kimage entry 0x4000010 at 0x3100008 has flags 0x10, "), o.failure());
    }

    @Test
    void aBadHeadIsNamedAsTheListHead() {
        KexecOutcome o = machine.kexecHardware().machineKexec(0x4000005, KexecScenario.CONTROL_PAGE, PURG);
        assertFailedInRelocation(o);
        assertTrue(o.failure().startsWith("relocation: kimage entry 0x4000005 at the list head has flags 0x5, "),
                o.failure());
    }

    private static void assertFault(KexecOutcome o, String access, String context) {
        assertFailedInRelocation(o);
        assertTrue(o.failure().matches("relocation: guest fault at RIP=0x30000[0-9a-f]{2}: " + access
                + " outside RAM \\[0, 0x10000000\\), " + context), o.failure());
    }

    @Test
    void sourcePageOutsideRamNamesTheEntry() {
        assertFault(run(0x1000000 | KimageList.IND_DESTINATION, 0x10001000 | KimageList.IND_SOURCE, KimageList.IND_DONE),
                "read of 8 bytes at 0x10001000",
                "copying IND_SOURCE entry 0x10001008 at 0x3100008 from page 0x10001000 to destination 0x1000000");
    }

    @Test
    void destinationOutsideRamNamesTheEntry() {
        assertFault(run(0x10000000 | KimageList.IND_DESTINATION, 0x4000000 | KimageList.IND_SOURCE, KimageList.IND_DONE),
                "write of 8 bytes at 0x10000000",
                "copying IND_SOURCE entry 0x4000008 at 0x3100008 from page 0x4000000 to destination 0x10000000");
    }

    @Test
    void indirectionOutsideRamNamesTheEntry() {
        assertFault(run(0x20000000 | KimageList.IND_INDIRECTION),
                "read of 8 bytes at 0x20000000",
                "reading the first slot of the indirection page named by entry 0x20000002");
    }

    @Test
    void aListRunningOffTheEndOfRamNamesTheLastSlot() {
        // The last page of RAM is all zeros (empty slots): the walk runs off its end.
        assertFault(run(0xffff000 | KimageList.IND_INDIRECTION),
                "read of 8 bytes at 0x10000000",
                "reading the kimage entry at 0x10000000 after entry 0x0 at 0xffffff8");
    }
}
