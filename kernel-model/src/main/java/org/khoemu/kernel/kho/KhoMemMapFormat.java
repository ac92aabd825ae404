// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.FdtName;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.port.PhysMem;

import java.util.List;

/**
 * The format of the preserved-memory map and of the root FDT that points at it: kho-v1 (bitmap
 * chunk list built at finalize) now; a kho-v2 radix tree can be a second implementation.
 */
public interface KhoMemMapFormat {
    /** Root FDT {@code compatible}, e.g. {@code "kho-v1"}. */
    String compatible();

    /** Child property holding a sub-blob's address ({@code fdt} in kho-v1). */
    String subtreeProperty();

    /** {@link #compatible()} pre-encoded for libfdt. */
    FdtName compatibleName();

    /** {@link #subtreeProperty()} pre-encoded for libfdt. */
    FdtName subtreePropertyName();

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
}
