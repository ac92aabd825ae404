// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.generations.KhoGenerations;

/**
 * The KHO generation a root FDT's bytes declare ({@code compatible} = kho-v1 … kho-v4), and its
 * children read by that generation's property names: {@code fdt} or {@code preserved-data} for
 * the address, {@code blob-size} from kho-v3 on.
 */
public final class KhoRootGeneration {
    private KhoRootGeneration() {
    }

    /** The generation of {@code kho}; an unknown compatible is an error naming the known ones. */
    public static KhoGeneration of(FdtBlob kho) {
        KhoGeneration g = KhoGenerations.of(kho.fdt());
        if (g == null) {
            String c = kho.fdt().getpropString(0, "compatible");
            throw ImageFormatException.at(kho.what() + " / compatible", kho.pa(), String.format("%s, expected one of %s",
                    c == null ? "missing" : "\"" + c + "\"", KhoGenerations.knownNames()));
        }
        return g;
    }

    /** The blob address child {@code name} (at node offset {@code node}) gives. */
    public static long address(FdtBlob kho, KhoGeneration g, int node, String name) {
        return kho.rawU64(node, "/" + name, g.subtreeProperty());
    }

    /** Its {@code blob-size} (kho-v3+), 0 for a generation whose children record none. */
    public static long size(FdtBlob kho, KhoGeneration g, int node, String name) {
        return g.hasBlobSize() ? kho.rawU64(node, "/" + name, KhoGeneration.PROP_BLOB_SIZE) : 0;
    }
}
