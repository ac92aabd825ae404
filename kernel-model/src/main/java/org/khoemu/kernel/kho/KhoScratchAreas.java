// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code kho_scratch[]}: [0] lowmem, [1] global, [2] the single node. Reserved from memblock on
 * the first KHO boot ({@code kho_reserve_scratch}); on a KHO boot the array handed over is used
 * as is. The array itself lives in RAM at {@link #arrayPa()}.
 */
public final class KhoScratchAreas {
    /** {@code CMA_MIN_ALIGNMENT_BYTES} on x86-64: one 2 MiB pageblock. */
    public static final long CMA_MIN_ALIGNMENT_BYTES = 2L << 20;
    /** Online NUMA nodes of the model machine. */
    public static final int NR_NODES = 1;

    private final List<KhoScratch> areas;
    private final long arrayPa;

    private KhoScratchAreas(List<KhoScratch> areas, long arrayPa) {
        this.areas = List.copyOf(areas);
        this.arrayPa = arrayPa;
    }

    /** The array handed over by the previous kernel (already validated by kho_populate). */
    public static KhoScratchAreas adopt(List<KhoScratch> areas, long arrayPa) {
        return new KhoScratchAreas(areas, arrayPa);
    }

    /**
     * {@code kho_reserve_scratch}: sizes the areas and allocates them top-down, 2 MiB aligned.
     * Returns null (KHO disabled, logged) if any allocation fails; nothing stays reserved then.
     */
    public static KhoScratchAreas reserve(Memblock mb, PhysMem mem, KhoScratchSizing sizing, KernelLog log) {
        // phys_addr_t arithmetic: unsigned 64-bit, wrapping as in the kernel. Absolute lowmem and
        // global sizes are used as given (scratch_size_update returns early without a scale);
        // only scaled sizes and the per-node size are rounded up to CMA_MIN_ALIGNMENT_BYTES.
        long lowmem = sizing.lowmem();
        long global = sizing.global();
        long pernode = sizing.pernode();
        long scale = sizing.scalePercent();
        if (scale != 0) {
            lowmem = roundUp(Long.divideUnsigned(mb.reservedKernSize(Memblock.ARCH_LOW_ADDRESS_LIMIT) * scale, 100));
            long all = Long.divideUnsigned(mb.reservedKernSize(Memblock.ALLOC_ANYWHERE) * scale, 100);
            global = roundUp(all - lowmem);
            pernode = all;
        }
        pernode = roundUp(pernode);
        int cnt = NR_NODES + 2;
        long array = mb.alloc((long) cnt * KhoScratch.SIZE, Folio.PAGE_SIZE, "kho_reserve_scratch");
        List<KhoScratch> got = new ArrayList<>();
        if (array != 0) {
            long[][] want = {{lowmem, Memblock.ARCH_LOW_ADDRESS_LIMIT}, {global, Memblock.ALLOC_ANYWHERE},
                {pernode, Memblock.ALLOC_ANYWHERE}};
            for (long[] w : want) {
                long pa = mb.physAllocRange(w[0], CMA_MIN_ALIGNMENT_BYTES, 0, w[1], "kho_reserve_scratch");
                if (pa == 0) {
                    break;
                }
                got.add(new KhoScratch(pa, w[0]));
            }
        }
        if (got.size() != cnt) {
            got.forEach(s -> mb.physFree(s.addr(), s.size()));
            if (array != 0) {
                mb.physFree(array, (long) cnt * KhoScratch.SIZE);
            }
            log.err("KHO", "Failed to reserve scratch area, disabling kexec handover");
            return null;
        }
        for (int i = 0; i < cnt; i++) {
            got.get(i).writeTo(mem, array + (long) i * KhoScratch.SIZE);
        }
        return new KhoScratchAreas(got, array);
    }

    private static long roundUp(long v) {
        return (v + CMA_MIN_ALIGNMENT_BYTES - 1) & ~(CMA_MIN_ALIGNMENT_BYTES - 1);
    }

    public List<KhoScratch> areas() {
        return areas;
    }

    public long arrayPa() {
        return arrayPa;
    }

    /** Bytes of the array: {@code count * 16}. */
    public long arraySize() {
        return (long) areas.size() * KhoScratch.SIZE;
    }

    /** {@code kho_scratch_overlap}. */
    public boolean overlaps(long pa, long len) {
        return areas.stream().anyMatch(s -> s.overlaps(pa, len));
    }

    /** True when {@code [pa, pa+len)} lies inside one scratch area. */
    public boolean contains(long pa, long len) {
        return areas.stream().anyMatch(s -> s.addr() <= pa && pa + len <= s.end());
    }
}
