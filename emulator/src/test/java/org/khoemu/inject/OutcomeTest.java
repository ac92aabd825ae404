// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.GuestStop;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kexec path's stops as outcome classes, from the sentences the CPU's stop gives them. */
class OutcomeTest {
    @Test
    void aBudgetIsAHangAndAnyOtherStopTheGuestsFault() {
        String budget = "purgatory: " + new GuestStop(GuestStop.Kind.BUDGET, 0x1000, null).describe(100, 1000);
        assertEquals(Outcome.Kind.HANG, Outcome.guestFault(budget).kind());
        String time = "relocation: " + new GuestStop(GuestStop.Kind.TIMEOUT, 0x1000, null).describe(100, 1000);
        assertEquals(Outcome.Kind.HANG, Outcome.guestFault(time).kind());
        String fault = "relocation: " + new GuestStop(GuestStop.Kind.FAULT, 0x1000, "UC_ERR_READ_UNMAPPED").describe(100, 1000);
        assertEquals(Outcome.Kind.GUEST_FAULT, Outcome.guestFault(fault).kind());
        assertEquals(Outcome.Kind.GUEST_FAULT, Outcome.guestFault("power loss at entry").kind());
    }

    @Test
    void findingsFollowTheClassOnTheirOwnLines() {
        Outcome o = new Outcome(Outcome.Kind.DETECTED, "session '' was restored but never preserved",
                List.of("BUG: slab-out-of-bounds read in luo_session_deserialize: entry 819"));
        assertEquals("DETECTED: session '' was restored but never preserved" + System.lineSeparator()
                + "  khoemu guard: BUG: slab-out-of-bounds read in luo_session_deserialize: entry 819", o.line());
        assertEquals(List.of(), new Outcome(Outcome.Kind.HARMLESS, "").findings());
        assertEquals("HARMLESS", new Outcome(Outcome.Kind.HARMLESS, "").line());
    }
}
