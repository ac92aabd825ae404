// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.luo.Luo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

/** A kernel's KHO generation comes from what its subsystems ride on; kho-v1 when none says. */
class KernelKhoGenerationTest {
    private static String rootCompatible(Kernel k) {
        return Fdt.fromBytes(k.mem().read(k.khoOut().rootFdtPa(), 4096)).getpropString(Fdt.ROOT, "compatible");
    }

    @Test
    void defaultIsKhoV1AndLuoProfilesUpToV619RideOnIt() {
        Kernel k = TestBoot.cold(64 * MIB, "kho=on liveupdate=on", new Luo());
        assertEquals("kho-v1", k.khoGeneration().name());
        assertEquals("kho-v1", rootCompatible(k));
        assertEquals("kho-v1", TestBoot.cold(64 * MIB, "kho=on").khoGeneration().name());
    }

    @Test
    void aSubsystemsGenerationIsTheKernels() {
        Kernel k = TestBoot.cold(64 * MIB, "kho=on", new RidesOnKho("kho-v3"));
        assertEquals("kho-v3", rootCompatible(k));
        assertTrue(k.khoOut().rootFdt().memMap() != 0, "kho-v2+ points at the radix root from kho_init on");
    }

    @Test
    void conflictingOrUnknownGenerationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestBoot.cold(64 * MIB, "kho=on", new RidesOnKho("kho-v2"), new RidesOnKho("kho-v4")));
        assertEquals("subsystem rides-on-kho-v4 rides on kho-v4 but another one on kho-v2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TestBoot.cold(64 * MIB, "kho=on", new RidesOnKho("kho-v7")));
        assertEquals("unknown KHO generation 'kho-v7' (known: kho-v1, kho-v2, kho-v3, kho-v4)", e.getMessage());
    }
}
