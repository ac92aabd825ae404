// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.generations;

import org.khoemu.fdt.Fdt;
import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.radix.KhoRadixMemMap;
import org.khoemu.kernel.kho.v1.KhoV1MemMap;

import java.util.List;

/**
 * The KHO generations khoemu knows (abi-reference 0 and 3.1), by name. kho-v1 is the default:
 * every LUO profile up to v6.19 rides on it.
 */
public final class KhoGenerations {
    private KhoGenerations() {
    }

    /** v6.16 … v7.0: bitmap chunk list built at finalize; children carry {@code fdt}. */
    public static final KhoGeneration KHO_V1 = new KhoGeneration(KhoV1MemMap.KHO_FDT_COMPATIBLE,
            KhoV1MemMap.PROP_SUB_FDT, false, new KhoV1MemMap());
    /** "Make KHO stateless": live radix tree, no finalize; children carry {@code preserved-data}. */
    public static final KhoGeneration KHO_V2 = new KhoGeneration("kho-v2", KhoGeneration.PROP_PRESERVED_DATA,
            false, KhoRadixMemMap.INSTANCE);
    /** Raw (non-FDT) blobs: children also carry {@code blob-size}. */
    public static final KhoGeneration KHO_V3 = new KhoGeneration("kho-v3", KhoGeneration.PROP_PRESERVED_DATA,
            true, KhoRadixMemMap.INSTANCE);
    /** Same layout as kho-v3; the bump covers the linked serialization blocks ({@code kho_block_header_ser}). */
    public static final KhoGeneration KHO_V4 = new KhoGeneration("kho-v4", KhoGeneration.PROP_PRESERVED_DATA,
            true, KhoRadixMemMap.INSTANCE);

    public static final KhoGeneration DEFAULT = KHO_V1;

    public static List<KhoGeneration> all() {
        return List.of(KHO_V1, KHO_V2, KHO_V3, KHO_V4);
    }

    /** The generation called {@code name} (= its root compatible); IllegalArgumentException naming the known ones otherwise. */
    public static KhoGeneration byName(String name) {
        for (KhoGeneration g : all()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown KHO generation '" + name + "' (known: " + knownNames() + ")");
    }

    /** {@code kho-v1, kho-v2, ...} */
    public static String knownNames() {
        return String.join(", ", all().stream().map(KhoGeneration::name).toList());
    }

    /**
     * The generation a root FDT's bytes declare through its {@code compatible} (libfdt's
     * compatible match), or null when it names none of the known ones.
     */
    public static KhoGeneration of(Fdt rootFdt) {
        for (KhoGeneration g : all()) {
            if (rootFdt.nodeCheckCompatible(Fdt.ROOT, g.compatibleName())) {
                return g;
            }
        }
        return null;
    }
}
