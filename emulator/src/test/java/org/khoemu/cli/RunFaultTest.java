// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * {@code run --fault}: a fault at a moment of a live run, kernel B faithful or hardened, and the
 * outcome class printed. The texts asserted are the kernel model's own messages (LuoFdt,
 * LuoSessions, the purgatory's) and the guard's, each of which a regression would change.
 */
class RunFaultTest {
    @TempDir
    Path dir;

    private MainOptionsTest.Result fault(String mode, String spec, String... shape) {
        String[] base = {"run", "--abi", "seed-v6", "--ram", "128M", "--memfd-size", "8K", "--out", dir.toString(),
                "--mode", mode, "--fault", spec};
        String[] args = new String[base.length + shape.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(shape, 0, args, base.length, shape.length);
        return run(args);
    }

    private static final String[] TWO = {"--sessions", "2", "--files-per-session", "2"};
    /** A full seed-v6 block: 819 sessions, so entry 820 of a count of 820 lies past the 16 pages. */
    private static final String[] FULL = {"--sessions", "819", "--files-per-session", "0"};

    @Test
    void count820ReadsPastTheBlockWhenFaithfulAndIsRefusedWhenHardened() {
        MainOptionsTest.Result f = fault("faithful", "after-serialize:luo_session_header_ser.count=820", FULL);
        assertEquals(1, f.code(), f.out() + f.err());
        assertTrue(f.out().contains("khoemu guard: BUG: slab-out-of-bounds read in luo_session_deserialize: entry 819 at 0x"),
                f.out());
        assertTrue(f.out().contains("past the end of the 16-page session block"), f.out());
        // the entry past the block is the next page, which kernel A never preserved
        assertTrue(f.out().contains("khoemu guard: BUG: use of unpreserved memory in luo_session_deserialize"), f.out());
        MainOptionsTest.Result h = fault("hardened", "after-serialize:luo_session_header_ser.count=820", FULL);
        assertEquals(1, h.code(), h.out() + h.err());
        assertTrue(h.out().contains("outcome (kernel B hardened): REJECTED: kernel B logged: luo: Incoming session count 820 "
                + "exceeds LUO_SESSION_MAX 819\n"), h.out());
        assertFalse(h.out().contains("khoemu guard"), h.out());
    }

    @Test
    void countPlusOneTakesAnEmptyNameWhenFaithful() {
        MainOptionsTest.Result f = fault("faithful", "after-serialize:luo_session_header_ser.count=3", TWO);
        assertTrue(f.out().contains("outcome (kernel B faithful): DETECTED: session '' was restored but never preserved"),
                f.out());
        MainOptionsTest.Result h = fault("hardened", "after-kho-finalize:luo_session_header_ser.count=3", TWO);
        assertTrue(h.out().contains("outcome (kernel B hardened): REJECTED: kernel B logged: luo: Incoming session 2 has an "
                + "empty name"), h.out());
    }

    @Test
    void aMemfdSerNobodyPreservedIsReadUnderTheGuardOrRefused() {
        // 1 MiB: low memory that no kernel preserves; 0x7fffffff000: far outside the 128 MiB of RAM
        MainOptionsTest.Result low = fault("faithful", "after-kho-finalize:luo_file_ser[0][0].data=0x100000", TWO);
        assertTrue(low.out().contains("khoemu guard: BUG: use of unpreserved memory in memfd_luo_retrieve: read of 40 bytes "
                + "at 0x100000 (memfd_luo_ser)"), low.out());
        MainOptionsTest.Result far = fault("faithful", "after-kho-finalize:luo_file_ser[0][0].data=0x7fffffff000", TWO);
        assertTrue(far.out().contains("outcome (kernel B faithful): REJECTED: panic: BUG: unable to handle page fault for "
                + "address: 0x7fffffff000 (memfd_luo_retrieve)\n  khoemu guard: BUG: wild-memory-access in memfd_luo_retrieve"),
                far.out());
        MainOptionsTest.Result h = fault("hardened", "after-kho-finalize:luo_file_ser[0][0].data=0x100000", TWO);
        assertTrue(h.out().contains("outcome (kernel B hardened): REJECTED: kernel B logged: memfd_luo: memfd_luo_ser at "
                + "0x100000+40 was not preserved\n"), h.out());
    }

    @Test
    void aFourByteSessionHeaderPropertyIsThePanicReason() {
        for (String mode : new String[] {"faithful", "hardened"}) {
            MainOptionsTest.Result r = fault(mode, "after-kho-finalize:fdt:/LUO/luo-session:luo-session-header=0xdeadbeef",
                    TWO);
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("outcome (kernel B " + mode + "): REJECTED: panic: luo: Unable to get session header "
                    + "'luo-session-header' [4]"), r.out());
        }
    }

    @Test
    void aChangeBetweenRelocationAndPurgatoryIsTheDigestsGuestFault() {
        MainOptionsTest.Result r = fault("hardened", "between-relocation-and-purgatory:kho_data.fdt_size=8", TWO);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("fault between-relocation-and-purgatory:kho_data.fdt_size=8: kho_data.fdt_size at 0x"),
                r.out());
        assertTrue(r.out().contains("outcome (kernel B hardened): GUEST_FAULT: purgatory: SHA-256 mismatch over region "),
                r.out());
        MainOptionsTest.Result p = fault("hardened", "power-loss@relocation", TWO);
        assertTrue(p.out().contains("outcome (kernel B hardened): GUEST_FAULT: power loss at relocation"), p.out());
    }

    @Test
    void countZeroLeaksEverySession() {
        for (String mode : new String[] {"faithful", "hardened"}) {
            MainOptionsTest.Result r = fault(mode, "after-serialize:luo_session_header_ser.count=0", TWO);
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("outcome (kernel B " + mode + "): LEAK: "), r.out());
            assertTrue(r.out().contains("never reclaimed after kernel B finished; session 'session-0' was preserved but not "
                    + "restored"), r.out());
            // the saved image holds the fault: resume finds the same leak and says where it came from
            MainOptionsTest.Result res = run("resume", "--mode", mode, dir.resolve("handover.img").toString());
            assertEquals(1, res.code(), res.out() + res.err());
            assertTrue(res.out().startsWith("faulted by run --fault at after-serialize: luo_session_header_ser.count at 0x"),
                    res.out());
            assertTrue(res.out().contains("outcome (kernel B " + mode + "): LEAK: "), res.out());
        }
    }

    @Test
    void anUntouchedRunIsHarmlessAndFailNthIsAnErrno() {
        // after-serialize, the count rewritten with the value it has: nothing changes
        MainOptionsTest.Result same = fault("faithful", "after-serialize:luo_session_header_ser.count=2", TWO);
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().contains("outcome (kernel B faithful): HARMLESS\n"), same.out());
        MainOptionsTest.Result n1 = fault("hardened", "fail-nth=1", TWO);
        assertEquals(1, n1.code(), n1.out() + n1.err());
        assertTrue(n1.out().contains("ENOMEM: fail_nth: page allocation 1 "), n1.out());
    }

    @Test
    void badSpecsAreOneLineAndExitTwo() {
        MainOptionsTest.Result r = run("run", "--fault", "soon:x=1", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("khoemu: invalid value for --fault: 'soon:x=1' (expected MOMENT:FIELD=VALUE"), r.err());
        assertEquals(2, run("run", "--fault", "power-loss@reboot", "--out", dir.toString()).code());
        assertEquals(2, run("run", "--fault", "fail-nth=0", "--out", dir.toString()).code());
        assertEquals(2, run("run", "--mode", "paranoid", "--out", dir.toString()).code());
        MainOptionsTest.Result late = fault("hardened", "after-serialize:kho_data.fdt_size=8", TWO);
        assertEquals(2, late.code());
        assertTrue(late.err().endsWith("khoemu: invalid value for --fault: kho_data.fdt_size: boot_params and its setup_data "
                + "are not in place before relocation: kho_data can be changed between relocation and purgatory, or in a "
                + "saved image\n"), late.err());
    }
}
