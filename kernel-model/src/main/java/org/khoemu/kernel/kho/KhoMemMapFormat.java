// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.port.PhysMem;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The format of the preserved-memory map the root FDT's {@code preserved-memory-map} points at:
 * kho-v1's bitmap chunk list built at finalize, or kho-v2+'s radix tree kept live.
 */
public interface KhoMemMapFormat {
    /**
     * Writes the tracker into RAM as this format's map and returns the map's physical address
     * (0 when nothing is preserved). Pages come from {@code pages}; ENOMEM frees what was taken.
     */
    long serialize(KhoMemTrack track, PhysMem mem, BuddyAllocator pages);

    /** Frees a map made by {@link #serialize} (an earlier finalize being replaced). */
    void free(long map, PhysMem mem, BuddyAllocator pages);

    /**
     * Reads an untrusted map from RAM and returns every preserved block. Any pointer, order or
     * count that does not make sense throws {@link KhoMapException}; nothing is changed.
     */
    List<KhoPreservedBlock> walk(PhysMem mem, long map);

    /** True when the map is kept live ({@link #newLive}) rather than built at finalize. */
    default boolean isLive() {
        return false;
    }

    /**
     * kho-v2+: a new, empty map that lives in RAM from {@code kho_init} on and that every
     * preserve updates (no finalize step); its pages come from {@code zeroedPage}, which
     * returns a zeroed page or throws {@code KernelException(ENOMEM)}. Null for a format
     * built from the tracker at finalize (kho-v1).
     */
    default KhoLiveMap newLive(PhysMem mem, LongSupplier zeroedPage) {
        return null;
    }
}
