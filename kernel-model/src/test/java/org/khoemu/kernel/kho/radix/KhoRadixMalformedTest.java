// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.RidesOnKho;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.KhoIn;
import org.khoemu.kernel.kho.KhoMapException;
import org.khoemu.kernel.kho.KhoPopulateChecks;
import org.khoemu.kernel.kho.KhoScratchAreas;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.MemMap;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.KhoData;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

/**
 * Named damaged radix trees: kernel A (kho-v2, only its order-0 root FDT page preserved) hands
 * over a tree one fixture has spoiled. The walk names the exact fault, and kernel B's
 * {@code kho_memory_init} forgets the handover with that message.
 */
class KhoRadixMalformedTest {
    private static final long RAM = 64 * MIB;

    /** Damages kernel A's tree in RAM and returns the message the walk must give. */
    private record Fixture(String name, Function<Kernel, String> damage) {
    }

    private static long root(Kernel a) {
        return a.khoOut().rootFdt().memMap();
    }

    private static long page(Kernel a) {
        return a.pages().allocFolio(0, true, "fixture").pa();
    }

    /**
     * A fresh path from root slot {@code slots[0]} down to a new leaf with {@code bit} set;
     * returns the leaf's address.
     */
    private static long plant(Kernel a, int[] slots, int bit) {
        long node = root(a);
        for (int s : slots) {
            long child = page(a);
            a.mem().write64(node + 8L * s, child);
            node = child;
        }
        a.mem().write64(node + 8L * (bit >>> 6), 1L << (bit & 63));
        return node;
    }

    /** The page behind {@code slot} of {@code node}. */
    private static long child(Kernel a, long node, int slot) {
        return a.mem().read64(node + 8L * slot);
    }

    private static List<Fixture> fixtures() {
        return List.of(
                new Fixture("pointer-outside-ram", a -> {
                    a.mem().write64(root(a) + 8 * 3, RAM);
                    return String.format("root 0x%x slot 3: pointer 0x%x is outside RAM (0x%x bytes)", root(a), RAM, RAM);
                }),
                new Fixture("unaligned-pointer", a -> {
                    long p = page(a) + 0x10;
                    a.mem().write64(root(a) + 8 * 3, p);
                    return String.format("root 0x%x slot 3: pointer 0x%x is not page aligned", root(a), p);
                }),
                new Fixture("revisit-root-from-level-2", a -> {
                    // the root FDT page's own path: order 0 -> root slot 2, then slots by its pfn
                    long key = KhoRadixKey.encode(a.khoOut().rootFdtPa(), 0);
                    long n = root(a);
                    for (int level = KhoRadixKey.ROOT_LEVEL; level > 2; level--) {
                        n = child(a, n, KhoRadixKey.index(key, level));
                    }
                    int free = KhoRadixKey.index(key, 2) == 511 ? 510 : 511;
                    a.mem().write64(n + 8L * free, root(a));
                    return String.format("level-2 node 0x%x slot %d: pointer 0x%x revisits a page already in the tree",
                            n, free, root(a));
                }),
                new Fixture("leaf-shared-by-two-paths", a -> {
                    long leaf = plant(a, new int[] {1, 0, 0, 0, 0}, 5);
                    long l1 = child(a, child(a, child(a, child(a, root(a), 1), 0), 0), 0);
                    a.mem().write64(l1 + 8, leaf);
                    return String.format("level-1 node 0x%x slot 1: pointer 0x%x revisits a page already in the tree",
                            l1, leaf);
                }),
                new Fixture("order-bit-above-order-0", a -> {
                    long leaf = plant(a, new int[] {4, 0, 0, 0, 0}, 0);
                    return String.format("leaf 0x%x bit 0: key 0x20000000000000 has its order bit at 53 "
                            + "(orders 0..10 put it at bits 52..42)", leaf);
                }),
                new Fixture("order-bit-below-max-order", a -> {
                    // key bit 41 = bit 8 of the level-3 slot: order 11 > MAX_PAGE_ORDER
                    long leaf = plant(a, new int[] {0, 0, 256, 0, 0}, 0);
                    return String.format("leaf 0x%x bit 0: key 0x20000000000 has its order bit at 41 "
                            + "(orders 0..10 put it at bits 52..42)", leaf);
                }),
                new Fixture("no-order-bit", a -> {
                    long leaf = plant(a, new int[] {0, 0, 0, 0, 0}, 0);
                    return String.format("leaf 0x%x bit 0: key 0x0 has no order bit (orders 0..10 put it at bits 52..42)",
                            leaf);
                }),
                new Fixture("block-outside-ram", a -> {
                    // order 1 (key bit 51 = root slot 1), level-1 slot 1: pfn >> 1 = 1 << 15, pa = 256 MiB
                    long leaf = plant(a, new int[] {1, 0, 0, 0, 1}, 0);
                    return String.format("leaf 0x%x bit 0: preserved block 0x10000000 order 1 is outside RAM", leaf);
                }));
    }

    @TestFactory
    Stream<DynamicTest> eachDamageIsNamedAndKernelBForgetsTheHandover() {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            HeapPhysMem mem = new HeapPhysMem(RAM);
            Kernel a = TestBoot.cold(mem, "kho=on", new RidesOnKho("kho-v2"));
            assertEquals(1, KhoRadixMemMap.INSTANCE.walk(mem, root(a)).size(), "undamaged: the root FDT page alone");
            String want = f.damage().apply(a);
            KhoMapException e = assertThrows(KhoMapException.class, () -> KhoRadixMemMap.INSTANCE.walk(mem, root(a)));
            assertEquals(want, e.getMessage());

            KhoScratchAreas s = a.khoOut().scratch();
            Memblock mb = new Memblock(mem, new AllocationLog());
            KernelLog log = new KernelLog("B");
            KhoIn b = KhoIn.populate(mem, mb, log, StepObserver.NONE, a.khoGeneration(),
                    new KhoData(a.khoOut().rootFdtPa(), 4096, s.arrayPa(), s.arraySize()));
            assertTrue(b.isKhoBoot(), "kho_populate does not walk the tree");
            b.walkMemoryMap(mb, new MemMap(mem.size()));
            assertFalse(b.isKhoBoot());
            assertTrue(b.preservedBlocks().isEmpty());
            assertTrue(log.contains("KHO: " + KhoPopulateChecks.damagedMapMessage(want)), String.join("\n", log.lines()));
        }));
    }
}
