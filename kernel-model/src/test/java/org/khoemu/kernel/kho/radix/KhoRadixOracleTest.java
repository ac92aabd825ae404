// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.port.HeapPhysMem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java radix tree places blocks where a C program written from abi-reference 3.3 alone
 * ({@code src/test/c/kho_radix}, built by the pom into {@code target/kho-radix-oracle}) says they
 * go: the same key, and, following the oracle's slot numbers through the node pages in RAM, a
 * leaf with the oracle's bit set.
 */
class KhoRadixOracleTest {
    private static final Path ORACLE = Path.of("target", "kho-radix-oracle", "kho_radix_place");
    private static final Pattern LINE = Pattern.compile(
            "key=([0-9a-f]+) l5=(\\d+) l4=(\\d+) l3=(\\d+) l2=(\\d+) l1=(\\d+) bit=(\\d+)");

    /** Distinct random blocks of orders 0..MAX_PAGE_ORDER, aligned, below {@code 1 << addrBits}. */
    private static List<KhoPreservedBlock> randomBlocks(Random rnd, int n, int addrBits) {
        Set<KhoPreservedBlock> out = new LinkedHashSet<>();
        while (out.size() < n) {
            int order = rnd.nextInt(BuddyAllocator.MAX_PAGE_ORDER + 1);
            long pa = (rnd.nextLong() >>> (64 - addrBits)) & -(4096L << order);
            out.add(new KhoPreservedBlock(pa, order));
        }
        return new ArrayList<>(out);
    }

    private static List<long[]> oracle(List<KhoPreservedBlock> blocks) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(ORACLE), "no oracle program " + ORACLE + " (src/test/c/kho_radix)");
        Process p = new ProcessBuilder(ORACLE.toAbsolutePath().toString()).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            StringBuilder sb = new StringBuilder();
            blocks.forEach(b -> sb.append(Long.toHexString(b.pa())).append(' ').append(b.order()).append('\n'));
            in.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, p.waitFor(), text);
        List<long[]> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            long[] v = new long[7];
            v[0] = Long.parseUnsignedLong(m.group(1), 16);
            for (int i = 1; i < 7; i++) {
                v[i] = Long.parseLong(m.group(i + 1));
            }
            out.add(v);
        }
        assertEquals(blocks.size(), out.size());
        return out;
    }

    /** A tree in 64 MiB of heap RAM whose pages come from a bump allocator above 1 MiB. */
    private static KhoRadixTree tree(HeapPhysMem mem) {
        long[] next = {1L << 20};
        return new KhoRadixTree(mem, () -> {
            long pa = next[0];
            next[0] += 4096;
            return pa;
        });
    }

    @Test
    void placementOfMixedOrderBlocksEqualsTheOracle() throws Exception {
        Random rnd = new Random(0x6b686f32L);
        List<KhoPreservedBlock> blocks = new ArrayList<>(randomBlocks(rnd, 150, 52)); // x86-64 physical space
        blocks.addAll(randomBlocks(rnd, 150, 63)); // every key bit the tree can hold
        List<long[]> want = oracle(blocks);
        HeapPhysMem mem = new HeapPhysMem(64L << 20);
        KhoRadixTree t = tree(mem);
        blocks.forEach(b -> t.preserve(b.pa() >>> 12, b.order()));
        int[] levelsSeen = new int[KhoRadixKey.ROOT_LEVEL + 1];
        for (int i = 0; i < blocks.size(); i++) {
            KhoPreservedBlock b = blocks.get(i);
            long[] o = want.get(i);
            long key = KhoRadixKey.encode(b.pa(), b.order());
            assertEquals(o[0], key, b.toString());
            assertEquals(b.order(), KhoRadixKey.order(o[0]), "decoding the oracle's key: " + b);
            assertEquals(b.pa(), KhoRadixKey.pa(o[0]), "decoding the oracle's key: " + b);
            long page = t.root();
            for (int level = KhoRadixKey.ROOT_LEVEL; level >= 1; level--) {
                int slot = (int) o[1 + KhoRadixKey.ROOT_LEVEL - level];
                assertEquals(slot, KhoRadixKey.index(key, level), b + " level " + level);
                levelsSeen[level] |= slot != 0 ? 1 : 0;
                page = mem.read64(page + 8L * slot);
                assertNotEquals(0, page, b + ": no page behind level " + level + " slot " + slot);
            }
            int bit = (int) o[6];
            assertEquals(bit, KhoRadixKey.leafBit(key));
            assertTrue((mem.read64(page + 8L * (bit >>> 6)) & (1L << (bit & 63))) != 0, b + ": leaf bit " + bit);
        }
        for (int level = 1; level <= KhoRadixKey.ROOT_LEVEL; level++) {
            assertEquals(1, levelsSeen[level], "some block uses a non-zero slot at level " + level);
        }
    }

    @Test
    void walkFindsExactlyTheBlocksAndUnpreserveClearsTheOracleBit() throws Exception {
        Random rnd = new Random(0x6b686f34L);
        HeapPhysMem mem = new HeapPhysMem(64L << 20);
        List<KhoPreservedBlock> blocks = randomBlocks(rnd, 300, 26); // all inside the 64 MiB
        KhoRadixTree t = tree(mem);
        blocks.forEach(b -> t.preserve(b.pa() >>> 12, b.order()));
        KhoPreservedBlock gone = blocks.remove(7);
        assertTrue(t.unpreserve(gone.pa() >>> 12, gone.order()));
        long[] o = oracle(List.of(gone)).get(0);
        long page = t.root();
        for (int i = 1; i <= KhoRadixKey.ROOT_LEVEL; i++) {
            page = mem.read64(page + 8L * o[i]);
        }
        assertEquals(0, mem.read64(page + 8L * (o[6] >>> 6)) & (1L << (o[6] & 63)), "oracle's bit cleared");
        Comparator<KhoPreservedBlock> c = Comparator.comparingLong(KhoPreservedBlock::pa)
                .thenComparingInt(KhoPreservedBlock::order);
        List<KhoPreservedBlock> got = new ArrayList<>(KhoRadixMemMap.INSTANCE.walk(mem, t.root()));
        got.sort(c);
        blocks.sort(c);
        assertEquals(blocks, got);
    }
}
