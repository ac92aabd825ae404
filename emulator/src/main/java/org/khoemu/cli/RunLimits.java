// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kho.KhoMemTrack;
import org.khoemu.kernel.kho.KhoVmallocChunk;
import org.khoemu.kernel.kho.v1.KhoMemChunk;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.scenario.ScenarioConfig;

import java.util.List;

/**
 * How much a run can preserve, known before any work. The memory is measured, not estimated:
 * kernel A is cold-booted on a throwaway machine of the run's size, exactly as the run boots it,
 * and its free pages outside the KHO scratch areas are counted. Preserved pages never stay in
 * scratch (pinning moves them out), so those pages bound what userspace A can preserve.
 * Each memfd also costs its {@code memfd_luo_ser} page, its folio array and the KHO vmalloc
 * chunk pages that describe the array; each session its
 * file array; KHO's memory map at most one bitmap page per 128 MiB and order, and chunk pages.
 */
record RunLimits(long ramBytes, LuoAbiProfile abi, long freePages) {
    static final long PAGE = 4096;

    /** Boots kernel A on a fresh machine of {@code ramBytes} and counts its free pages outside scratch. */
    static RunLimits measure(long ramBytes, LuoAbiProfile abi) {
        try (Machine m = Machine.create(ramBytes)) {
            Kernel k = Kernel.coldBoot(m.mem(), m.firmwareMap(), ScenarioConfig.CMDLINE, new KernelLog("A"),
                    StepObserver.NONE, List.of(new Luo(abi)));
            long free = 0;
            for (long[] b : k.pages().freeBlocks()) {
                long len = PAGE << b[1];
                if (k.khoOut().scratch() == null || !k.khoOut().scratch().overlaps(b[0], len)) {
                    free += len / PAGE;
                }
            }
            return new RunLimits(ramBytes, abi, free);
        }
    }

    /** Bytes of memfd content the machine could hold if memfds cost nothing else. */
    long preservableBytes() {
        return freePages * PAGE;
    }

    /**
     * Pages a run of {@code sessions} x {@code files} memfds of {@code size} bytes needs outside
     * scratch; {@link Long#MAX_VALUE} when the product does not fit in a long.
     */
    long pagesNeeded(long sessions, long files, long size) {
        try {
            long pages = Math.addExact(size, PAGE - 1) / PAGE;
            long array = Math.addExact(Math.multiplyExact(pages, MemfdLuoFolioSer.SIZE), PAGE - 1) / PAGE;
            // kho_preserve_vmalloc: a chunk page per KHO_VMALLOC_SIZE pieces, and a fresh one when the last fills
            long vmallocChunks = array == 0 ? 0 : array / KhoVmallocChunk.KHO_VMALLOC_SIZE + 1;
            long perFile = Math.addExact(Math.addExact(pages, array), 1 + vmallocChunks);
            long all = Math.multiplyExact(Math.multiplyExact(sessions, files), perFile);
            long bitmaps = ramBytes / PAGE / KhoMemTrack.PRESERVE_BITS + 1 + BuddyAllocator.MAX_PAGE_ORDER + 1;
            // kho-v1: chunk pages list the bitmaps; kho-v2+: a radix leaf per bitmap and at most
            // KHO_TREE_MAX_DEPTH - 1 interior nodes above each
            long map = abi.khoGeneration().equals("kho-v1")
                    ? bitmaps + bitmaps / KhoMemChunk.KHOSER_BITMAP_SIZE + BuddyAllocator.MAX_PAGE_ORDER + 1
                    : bitmaps * 6;
            return Math.addExact(Math.addExact(all, containers(sessions, files)), map);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Pages of the serialized sessions and files: the luo-v1 generations' file array per
     * session (their session block is taken at boot, before counting); luo-v5's chains, a block
     * per LUO_FILES_PER_BLOCK files of a session and per LUO_SESSIONS_PER_BLOCK sessions.
     */
    private long containers(long sessions, long files) {
        var l = abi.layout();
        if (!l.hasConstant("LUO_FILES_PER_BLOCK")) {
            return Math.multiplyExact(sessions, abi.filePages());
        }
        long perFile = l.number("LUO_FILES_PER_BLOCK");
        long perSession = l.number("LUO_SESSIONS_PER_BLOCK");
        return Math.addExact(Math.multiplyExact(sessions, (files + perFile - 1) / perFile),
                (sessions + perSession - 1) / perSession);
    }

    boolean fits(long sessions, long files, long size) {
        return pagesNeeded(sessions, files, size) <= freePages;
    }

    /** The largest page-aligned memfd size that fits, 0 if none (or no memfd at all). */
    long maxMemfdSize(long sessions, long files) {
        if (sessions == 0 || files == 0) {
            return ramBytes;
        }
        long lo = 0;
        long hi = ramBytes / PAGE;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (fits(sessions, files, mid * PAGE)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo * PAGE;
    }
}
