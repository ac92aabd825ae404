// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.Machine;
import org.khoemu.fdt.Fdt;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.InspectionPrinter;
import org.khoemu.inspect.KernelBRefusals;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.KhoSubtree;
import org.khoemu.kernel.kho.radix.KhoRadixMemMap;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.mm.AllocationRecord;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.tests.MachineBoot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kho-v2 and kho-v4 handovers through a real kexec on the machine's CPU: kernel B gets RAM and
 * the boot_params address only, walks kernel A's radix tree, finds exactly the blocks A
 * preserved and restores them; the inspector lists the same blocks from the same tree.
 */
class RadixHandoverOnMachineTest {
    private static final long MIB = 1L << 20;
    private static final Comparator<KhoPreservedBlock> BY_PA = Comparator.comparingLong(KhoPreservedBlock::pa);

    /** A subsystem that only names the KHO generation its ABI rides on. */
    private static KernelSubsystem ridesOn(String gen) {
        return new KernelSubsystem() {
            @Override
            public String name() {
                return "rides-on-" + gen;
            }

            @Override
            public String khoGeneration() {
                return gen;
            }
        };
    }

    /**
     * The v6.19 LUO FDT on kho-v2: the combination "Make KHO stateless" shipped with (LUO's ABI
     * was unchanged by it). khoemu has no profile of that name; this test-only view of v6.19
     * differs from it in the KHO generation alone.
     */
    private static LuoAbiProfile v619OnKhoV2() {
        LuoAbiProfile base = LuoAbiProfiles.byName("v6.19");
        return (LuoAbiProfile) Proxy.newProxyInstance(LuoAbiProfile.class.getClassLoader(),
                new Class<?>[] {LuoAbiProfile.class}, (proxy, m, args) -> {
                    if (m.getName().equals("khoGeneration")) {
                        return "kho-v2";
                    }
                    try {
                        return m.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void kernelBFindsAndRestoresExactlyThePreservedBlocks() {
        for (String gen : new String[] {"kho-v2", "kho-v4"}) {
            try (Machine m = Machine.create(256 * MIB)) {
                Kernel a = MachineBoot.cold(m, "kho=on", ridesOn(gen));
                List<Folio> folios = new ArrayList<>();
                List<KhoPreservedBlock> want = new ArrayList<>();
                for (int order : new int[] {0, 4, 1, 9, 0, 2}) {
                    Folio f = a.pages().allocFolio(order, true, "t");
                    m.mem().write64(f.pa(), 0x4b484f00L + order);
                    a.khoOut().preserveFolio(f);
                    folios.add(f);
                    want.add(new KhoPreservedBlock(f.pa(), order));
                }
                long blob = a.khoOut().allocPreserve(40);
                want.add(new KhoPreservedBlock(blob, 0));
                want.add(new KhoPreservedBlock(a.khoOut().rootFdtPa(), 0));
                if (gen.equals("kho-v4")) {
                    a.khoOut().addSubtree("raw", blob, 40);
                } else {
                    a.khoOut().addSubtree("raw", blob);
                }
                Fdt root = Fdt.fromBytes(m.mem().read(a.khoOut().rootFdtPa(), 4096));
                assertTrue(root.nodeCheckCompatible(Fdt.ROOT, gen));
                int node = root.subnode(Fdt.ROOT, "raw");
                assertArrayEquals(Fdt.rawU64Bytes(blob), root.getprop(node, "preserved-data"), gen);
                assertNull(root.getprop(node, "fdt"), gen);
                assertEquals(gen.equals("kho-v4"), root.getprop(node, "blob-size") != null, gen);

                // the tree's own pages are not preserved: they must survive because B allocates from scratch until its walk
                Set<Long> treePages = new HashSet<>();
                KhoRadixMemMap.INSTANCE.walk(m.mem(), a.khoOut().rootFdt().memMap(), treePages);
                assertTrue(treePages.size() >= 6, gen + ": " + treePages.size());
                KexecOutcome out = MachineBoot.kexec(m, a, "kho=on");
                Kernel b = MachineBoot.next(m, out.bootParams(), "B", ridesOn(gen));
                assertTrue(b.khoIn().isKhoBoot(), gen + ": " + String.join("\n", b.log().lines()));
                assertEquals(gen, b.khoGeneration().name());
                List<KhoPreservedBlock> got = new ArrayList<>(b.preservedBlocks());
                got.sort(BY_PA);
                want.sort(BY_PA);
                assertEquals(want, got, gen);
                assertEquals(new KhoSubtree(blob, gen.equals("kho-v4") ? 40 : 0), b.khoIn().retrieveBlob("raw"), gen);
                for (Folio f : folios) {
                    Folio r = b.khoIn().restoreFolio(f.pa());
                    assertNotNull(r, gen + ": restore " + f);
                    assertEquals(f.order(), r.order());
                    assertEquals(0x4b484f00L + f.order(), m.mem().read64(f.pa()), gen + ": contents survive");
                }
                for (AllocationRecord rec : b.allocationLog()) {
                    for (KhoPreservedBlock p : want) {
                        assertFalse(rec.overlaps(p.pa(), p.size()) && rec.size() > 0, gen + ": B's " + rec + " overlaps " + p);
                    }
                    if (rec.phase().equals(Kernel.PHASE_SETUP_ARCH)) {
                        assertTrue(b.khoIn().scratch().contains(rec.pa(), Math.max(1, rec.size())), gen + ": before the walk " + rec);
                        for (long page : treePages) {
                            assertFalse(rec.overlaps(page, 4096) && rec.size() > 0, gen + ": " + rec + " overwrites tree page " + page);
                        }
                    }
                }
                assertTrue(b.allocationLog().stream().anyMatch(r -> r.phase().equals(Kernel.PHASE_SETUP_ARCH)));
                b.pages().checkInvariants();
            }
        }
    }

    @Test
    void kernelOfAnotherGenerationRefusesTheHandover() {
        try (Machine m = Machine.create(128 * MIB)) {
            Kernel a = MachineBoot.cold(m, "kho=on", ridesOn("kho-v4"));
            Kernel b = MachineBoot.next(m, MachineBoot.kexec(m, a, "kho=on").bootParams(), "B");
            assertFalse(b.khoIn().isKhoBoot());
            assertTrue(b.log().contains("is incompatible with 'kho-v1'"), String.join("\n", b.log().lines()));
        }
    }

    @Test
    void inspectorListsTheBlocksFromTheRadixTree() {
        try (Machine m = Machine.create(128 * MIB)) {
            LuoAbiProfile profile = v619OnKhoV2();
            Kernel a = MachineBoot.cold(m, "kho=on liveupdate=on", new Luo(profile));
            assertEquals("kho-v2", a.khoGeneration().name());
            Folio f = a.pages().allocFolio(3, false, "t");
            a.khoOut().preserveFolio(f);
            KexecOutcome out = MachineBoot.kexec(m, a, "kho=on liveupdate=on");
            HandoverInspection in = HandoverInspection.decode(m.mem(), out.bootParams(), profile);
            assertEquals("kho-v2", in.khoGeneration().name());
            assertTrue(in.memMap().chunks().isEmpty());
            assertTrue(in.memMap().radixPages().size() >= 6, "root, 4 interior levels and a leaf at least");
            assertEquals(Integer.valueOf(3), in.memMap().blocks().get(f.pa()));
            List<KhoPreservedBlock> fromTree = new ArrayList<>();
            in.memMap().blocks().forEach((pa, o) -> fromTree.add(new KhoPreservedBlock(pa, o)));
            List<KhoPreservedBlock> preserved = new ArrayList<>(a.khoOut().preserved());
            preserved.sort(BY_PA);
            fromTree.sort(BY_PA);
            assertEquals(preserved, fromTree);
            assertEquals(List.of(), KernelBRefusals.of(m.mem(), in));

            StringWriter text = new StringWriter();
            new InspectionPrinter(new PrintWriter(text), m.mem(), true).print(in);
            String s = text.toString();
            assertTrue(s.contains(String.format("preserved-memory-map @ 0x%x (kho-v2): radix tree of %d page(s)",
                    in.memMapPa(), in.memMap().radixPages().size())), s);
            assertTrue(s.contains(String.format("  block 0x%x order 3 (32768 bytes)", f.pa())), s);
            assertTrue(s.contains("subtree LUO -> 0x"), s);
        }
    }
}
