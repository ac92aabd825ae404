// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.mm.Folio;

import java.util.List;

/**
 * The checks the incoming kernel makes of the addresses the previous kernel handed over
 * ({@code kho_populate}) and of the preserved blocks it walks ({@code kho_memory_init}), as
 * functions of the values alone. Kernel B ({@link KhoIn}) and {@code khoemu inspect} both call
 * them, so they refuse the same handovers with the same words. Each returns null when the
 * values are acceptable.
 */
public final class KhoPopulateChecks {
    /** Largest root FDT / scratch array accepted (the kernel maps them with early_memremap). */
    public static final long MAX_HANDOVER_BLOB = 1L << 20;

    private KhoPopulateChecks() {
    }

    /** A refused handover: the errno and reason {@code kho_populate} logs. */
    public record Refusal(Errno errno, String reason) {
        /** The message kernel B logs under the {@code KHO} prefix. */
        public String logMessage() {
            return "disabling KHO revival: -" + errno.value() + " (" + errno + "): " + reason;
        }
    }

    /** The message kernel B logs under {@code KHO} when the walk of the map fails for {@code why}. */
    public static String damagedMapMessage(String why) {
        return "disabling KHO revival: damaged preserved memory map: " + why;
    }

    static boolean inRam(long ramSize, long pa, long len) {
        return pa >= 0 && len >= 0 && pa + len >= pa && pa + len <= ramSize;
    }

    /** {@code kho_data.fdt_addr}/{@code fdt_size}: a blob kernel B can map. */
    public static Refusal fdt(long ramSize, long addr, long size) {
        if (size <= 0 || size > MAX_HANDOVER_BLOB || !inRam(ramSize, addr, size)) {
            return new Refusal(Errno.EFAULT, String.format("setup: failed to memremap FDT (0x%x+0x%x)", addr, size));
        }
        return null;
    }

    /**
     * The parsed root FDT at {@code fdtPa}: the generation's compatible, and a non-zero
     * {@code preserved-memory-map} address (zero: KHO was never finalized).
     */
    public static Refusal rootFdt(long fdtPa, Fdt fdt, KhoGeneration gen) {
        if (!fdt.nodeCheckCompatible(Fdt.ROOT, gen.compatibleName())) {
            return new Refusal(Errno.EINVAL, String.format("setup: handover FDT (0x%x) is incompatible with '%s'",
                    fdtPa, gen.compatible()));
        }
        byte[] map = fdt.getprop(Fdt.ROOT, KhoRootFdt.PRESERVED_MEMORY_MAP_NAME);
        if (map == null || map.length != 8) {
            return new Refusal(Errno.ENOENT, "failed to get preserved memory bitmaps");
        }
        if (Fdt.rawU64(map) == 0) {
            return new Refusal(Errno.ENOENT, gen.memMap().isLive() ? "preserved memory map has no radix tree root"
                    : "preserved memory map is empty (KHO was not finalized)");
        }
        return null;
    }

    /** {@code kho_data.scratch_addr}/{@code scratch_size}: a whole array of {@code struct kho_scratch} in RAM. */
    public static Refusal scratchArray(long ramSize, long addr, long size) {
        if (size < KhoScratch.SIZE || size > MAX_HANDOVER_BLOB || size % KhoScratch.SIZE != 0
                || !inRam(ramSize, addr, size)) {
            return new Refusal(Errno.EFAULT, String.format("setup: failed to memremap scratch (phys=0x%x, len=%d)",
                    addr, size));
        }
        return null;
    }

    /**
     * Scratch area {@code index}: empty (e.g. global scratch below 4 GiB), or page-aligned RAM;
     * the size need not be a page multiple (absolute {@code kho_scratch=} sizes are used as given).
     */
    public static Refusal scratchArea(long ramSize, int index, KhoScratch s) {
        if (s.size() == 0) {
            return null;
        }
        if (s.size() < 0 || !inRam(ramSize, s.addr(), s.size()) || (s.addr() & (Folio.PAGE_SIZE - 1)) != 0) {
            return new Refusal(Errno.EINVAL, String.format("scratch area %d (0x%x+0x%x) is not page-aligned RAM",
                    index, s.addr(), s.size()));
        }
        return null;
    }

    /** A preserved block must not lie in scratch, which the new kernel allocates from freely. */
    public static String blockInScratch(List<KhoScratch> areas, long pa, int order) {
        long size = Folio.PAGE_SIZE << order;
        if (areas.stream().anyMatch(s -> s.overlaps(pa, size))) {
            return String.format("preserved block 0x%x order %d overlaps scratch", pa, order);
        }
        return null;
    }
}
