// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.mm.AllocationRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

class KernelColdBootTest {
    @Test
    void khoBootReservesThreeScratchAreasScaledFromKernelReservations() {
        Kernel k = TestBoot.cold(256 * MIB, "kho=on");
        assertTrue(k.khoOut().isEnabled());
        assertFalse(k.khoIn().isKhoBoot());
        List<KhoScratch> s = k.khoOut().scratch().areas();
        assertEquals(3, s.size());
        // sized before the array is allocated: 8 MiB image + 4 MiB memmap
        long kern = 8 * MIB + 4 * MIB;
        long lowmem = (kern * 2 + 2 * MIB - 1) & -(2 * MIB);
        assertEquals(lowmem, s.get(0).size());
        assertEquals(0, s.get(1).size(), "all RAM is below 4 GiB: the global area gets the rest, zero");
        assertEquals(lowmem, s.get(2).size());
        for (KhoScratch a : s) {
            assertEquals(0, a.addr() % (2 * MIB));
            KhoScratch inRam = KhoScratch.readFrom(k.mem(), k.khoOut().scratch().arrayPa() + 16L * s.indexOf(a));
            assertEquals(a, inRam);
        }
        k.pages().checkInvariants();
    }

    @Test
    void withoutKhoOnNoScratchAndKhoRefuses() {
        Kernel k = TestBoot.cold(64 * MIB, "");
        assertFalse(k.khoOut().isEnabled());
        assertTrue(k.allocationLog().stream().noneMatch(r -> r.who().equals("kho_reserve_scratch")));
    }

    @Test
    void explicitScratchSizesAndMalformedParameterFallsBackToScale() {
        Kernel k = TestBoot.cold(256 * MIB, "kho=on kho_scratch=16M,4M,8M");
        List<KhoScratch> s = k.khoOut().scratch().areas();
        assertEquals(List.of(16 * MIB, 4 * MIB, 8 * MIB), s.stream().map(KhoScratch::size).toList());
        Kernel bad = TestBoot.cold(256 * MIB, "kho=on kho_scratch=16M,4M");
        assertTrue(bad.log().contains("Malformed early option 'kho_scratch'"));
        assertTrue(bad.khoOut().isEnabled());
    }

    @Test
    void scratchThatDoesNotFitDisablesKho() {
        Kernel k = TestBoot.cold(64 * MIB, "kho=on kho_scratch=60M,0,0");
        assertFalse(k.khoOut().isEnabled());
        assertTrue(k.log().contains("Failed to reserve scratch area, disabling kexec handover"));
        k.pages().checkInvariants();
    }

    @Test
    void rootFdtIsKhoV1PreservedAndSubsystemsRunInOrder() {
        List<String> calls = new ArrayList<>();
        KernelSubsystem sub = new KernelSubsystem() {
            @Override public String name() { return "sub"; }
            @Override public void earlyInit(KernelContext k) { calls.add("early"); }
            @Override public void lateInit(KernelContext k) {
                calls.add("late");
                long blob = k.khoOut().allocPreserve(4096);
                k.khoOut().addSubtree("sub", blob);
            }
        };
        List<String> steps = new ArrayList<>();
        Kernel k = Kernel.coldBoot(new org.khoemu.kernel.port.HeapPhysMem(128 * MIB), TestBoot.pcMap(128 * MIB),
                "kho=on", new org.khoemu.kernel.KernelLog("A"), steps::add, List.of(sub));
        assertEquals(List.of("early", "late"), calls);
        assertTrue(steps.indexOf("kho_memory_init") < steps.indexOf("kho_init"));
        assertTrue(steps.indexOf("kho_init") < steps.indexOf("early_initcall:sub"));
        long root = k.khoOut().rootFdtPa();
        Fdt fdt = Fdt.fromBytes(k.mem().read(root, 4096));
        assertTrue(fdt.nodeCheckCompatible(Fdt.ROOT, "kho-v1"));
        assertEquals(0, Fdt.rawU64(fdt.getprop(Fdt.ROOT, "preserved-memory-map")));
        int child = fdt.subnode(Fdt.ROOT, "sub");
        assertTrue(child >= 0);
        assertEquals(8, fdt.getprop(child, "fdt").length);
        assertTrue(k.khoOut().track().isPreserved(root >>> 12, 0), "kho_init preserves the root FDT page");
        // the root FDT page is the kho_init allocation: a buddy page, made before any initcall
        AllocationRecord rootAlloc = k.allocationLog().stream().filter(r -> r.pa() == root).findFirst().orElseThrow();
        assertEquals("buddy", rootAlloc.allocator());
        assertEquals("kho_alloc_preserve", rootAlloc.who());
        assertEquals(Kernel.PHASE_INITCALLS, rootAlloc.phase());
        assertEquals(4096, rootAlloc.size());
        for (AllocationRecord r : k.allocationLog()) {
            assertTrue(r.pa() >= 0 && r.end() <= 128 * MIB, r.toString());
        }
    }

    @Test
    void absoluteScratchSizesAreTakenAsGivenOnlyPerNodeIsRounded() {
        // scratch_size_update leaves absolute lowmem/global alone; scratch_size_node rounds up
        Kernel k = TestBoot.cold(256 * MIB, "kho=on kho_scratch=1K,1K,1K");
        assertTrue(k.khoOut().isEnabled());
        assertEquals(List.of(1024L, 1024L, 2 * MIB),
                k.khoOut().scratch().areas().stream().map(KhoScratch::size).toList());
        k.pages().checkInvariants();
        Kernel k2 = TestBoot.cold(256 * MIB, "kho=on kho_scratch=2M,1K,2M");
        assertEquals(List.of(2 * MIB, 1024L, 2 * MIB),
                k2.khoOut().scratch().areas().stream().map(KhoScratch::size).toList());
        k2.pages().checkInvariants();
    }

    @Test
    void absurdScaleFailsTheReservationCleanly() {
        // 3000000000 % fits the kernel's unsigned int; the scaled sizes are far beyond RAM
        Kernel k = TestBoot.cold(64 * MIB, "kho=on kho_scratch=3000000000%");
        assertFalse(k.khoOut().isEnabled());
        assertTrue(k.log().contains("Failed to reserve scratch area, disabling kexec handover"));
        assertTrue(k.allocationLog().stream().allMatch(r -> r.pa() >= 0 && r.end() <= 64 * MIB));
        k.pages().checkInvariants();
        Kernel max = TestBoot.cold(64 * MIB, "kho=on kho_scratch=4294967295%");
        assertFalse(max.khoOut().isEnabled());
        k.pages().checkInvariants();
    }

    @Test
    void fuzzedScratchSizesNeverCrashTheBoot() {
        Random rnd = new Random(20261122);
        String[] suffix = {"", "K", "M", "G", "k", "m"};
        long ram = 64 * MIB;
        for (int i = 0; i < 60; i++) {
            String p;
            if (rnd.nextInt(4) == 0) {
                p = Long.toUnsignedString(rnd.nextLong() & 0xffff_ffffL) + "%";
            } else {
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < 3; j++) {
                    b.append(j > 0 ? "," : "").append(rnd.nextInt(rnd.nextBoolean() ? 5000 : 40))
                            .append(suffix[rnd.nextInt(suffix.length)]);
                }
                p = b.toString();
            }
            Kernel k = TestBoot.cold(ram, "kho=on kho_scratch=" + p);
            String ctx = "kho_scratch=" + p + "\n" + String.join("\n", k.log().lines());
            k.pages().checkInvariants();
            if (k.khoOut().isEnabled()) {
                for (KhoScratch s : k.khoOut().scratch().areas()) {
                    assertTrue(s.addr() >= 0 && s.end() <= ram, ctx);
                    assertEquals(0, s.addr() % (2 * MIB), ctx);
                }
                assertEquals(0, k.khoOut().scratch().areas().get(2).size() % (2 * MIB), ctx);
            } else {
                assertTrue(k.log().contains("Failed to reserve scratch area, disabling kexec handover")
                        || k.log().contains("Malformed early option 'kho_scratch'"), ctx);
            }
        }
    }
}
