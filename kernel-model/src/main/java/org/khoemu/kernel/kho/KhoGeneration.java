// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.FdtName;

/**
 * One generation of the KHO handover ABI (abi-reference 0, 3.1): the root FDT's
 * {@code compatible}, the property of each child that holds its blob's address ({@code fdt} in
 * kho-v1, {@code preserved-data} from kho-v2 on), whether a child also records
 * {@code blob-size} (kho-v3 on: blobs need not be FDTs), and the format of the
 * preserved-memory map. The known generations are listed in {@code kho.generations}.
 */
public final class KhoGeneration {
    /** kho-v2+: the child property holding a blob's raw u64 physical address. */
    public static final String PROP_PRESERVED_DATA = "preserved-data";
    /** kho-v3+: the child property holding a blob's raw u64 size in bytes. */
    public static final String PROP_BLOB_SIZE = "blob-size";
    static final FdtName BLOB_SIZE_NAME = FdtName.of(PROP_BLOB_SIZE);

    private final String compatible;
    private final String subtreeProperty;
    private final boolean blobSize;
    private final KhoMemMapFormat memMap;
    private final FdtName compatibleName;
    private final FdtName subtreePropertyName;

    public KhoGeneration(String compatible, String subtreeProperty, boolean blobSize, KhoMemMapFormat memMap) {
        this.compatible = compatible;
        this.subtreeProperty = subtreeProperty;
        this.blobSize = blobSize;
        this.memMap = memMap;
        this.compatibleName = FdtName.of(compatible);
        this.subtreePropertyName = FdtName.of(subtreeProperty);
    }

    /** The name, which is also the root FDT's {@code compatible}, e.g. {@code "kho-v4"}. */
    public String name() {
        return compatible;
    }

    public String compatible() {
        return compatible;
    }

    /** Child property holding a sub-blob's address: {@code fdt} (kho-v1) or {@code preserved-data}. */
    public String subtreeProperty() {
        return subtreeProperty;
    }

    /** True from kho-v3 on: every child also has {@code blob-size}. */
    public boolean hasBlobSize() {
        return blobSize;
    }

    /** The preserved-memory map's format (kho-v1: bitmap chunk list; kho-v2+: radix tree). */
    public KhoMemMapFormat memMap() {
        return memMap;
    }

    /** {@link #compatible()} pre-encoded for libfdt. */
    public FdtName compatibleName() {
        return compatibleName;
    }

    /** {@link #subtreeProperty()} pre-encoded for libfdt. */
    public FdtName subtreePropertyName() {
        return subtreePropertyName;
    }

    @Override
    public String toString() {
        return compatible;
    }
}
