// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.emu.PhysicalMemory;
import org.khoemu.kernel.kho.KhoMemTrack;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.v1.KhoV1MemMap;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.MemMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kho-v1 preserved-memory map of m folios of mixed orders (half order 0, a quarter order 1,
 * an eighth each order 2 and 3): {@code khoFinalize} writes the bitmaps and the chunk list into
 * native RAM ({@code KhoV1MemMap.serialize}, what {@code kho_finalize} does) and frees the
 * chunks again; {@code khoMemMapWalk} is kernel B's walk of that map into the blocks it reserves.
 * The folios' pages are never touched, so RAM is sparse address space above 64 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KhoMap {
    /** Chunk pages come from a buddy allocator over [1 MiB, 16 MiB); bitmaps from [16, 64) MiB. */
    private static final long BUDDY_BASE = 1L << 20;
    private static final long BITMAP_BASE = 16L << 20;
    private static final long FOLIO_BASE = 64L << 20;

    @Param({"1024", "65536", "1048576"})
    public int m;

    private PhysicalMemory mem;
    private BuddyAllocator buddy;
    private KhoMemTrack track;
    private final KhoV1MemMap format = new KhoV1MemMap();
    private long map;

    /** Order of folio {@code i}: 0 for even i, then 1, 2 and 3 (3 also for the rest). */
    static int order(int i) {
        return Math.min(3, Integer.numberOfTrailingZeros(i + 1));
    }

    @Setup(Level.Trial)
    public void setup() {
        int[] perOrder = new int[4];
        for (int i = 0; i < m; i++) {
            perOrder[order(i)]++;
        }
        long pages = 0;
        long[] base = new long[4];
        for (int o = 0; o < 4; o++) {
            base[o] = (FOLIO_BASE >>> 12) + pages;
            pages += (long) perOrder[o] << o;
        }
        long ram = FOLIO_BASE + (pages << 12);
        ram = Math.max(PhysicalMemory.MIN_SIZE, (ram + (1L << 20) - 1) & -(1L << 20));
        mem = new PhysicalMemory(ram);
        buddy = new BuddyAllocator(mem, new MemMap(ram), new AllocationLog());
        buddy.freeRange(BUDDY_BASE, BITMAP_BASE - BUDDY_BASE);
        long[] nextBitmap = {BITMAP_BASE};
        track = new KhoMemTrack(() -> {
            long pa = nextBitmap[0];
            nextBitmap[0] += 4096;
            return pa;
        });
        int[] seen = new int[4];
        for (int i = 0; i < m; i++) {
            int o = order(i);
            track.preserve(base[o] + ((long) seen[o]++ << o), o);
        }
        map = format.serialize(track, mem, buddy);
        List<KhoPreservedBlock> blocks = format.walk(mem, map);
        if (blocks.size() != m) {
            throw new IllegalStateException("the map holds " + blocks.size() + " blocks, " + m + " were preserved");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mem.close();
    }

    @Benchmark
    public long khoFinalize() {
        long first = format.serialize(track, mem, buddy);
        format.free(first, mem, buddy);
        return first;
    }

    @Benchmark
    public List<KhoPreservedBlock> khoMemMapWalk() {
        return format.walk(mem, map);
    }
}
