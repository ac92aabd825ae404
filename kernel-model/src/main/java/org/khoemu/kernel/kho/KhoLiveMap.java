// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

/**
 * A preserved-memory map kept in RAM for the whole life of the outgoing kernel (kho-v2+): the
 * root FDT points at {@link #root()} from {@code kho_init} on, and each preserve/unpreserve
 * edits the pages directly, so there is nothing to serialize at reboot.
 */
public interface KhoLiveMap {
    /** Physical address of the root page: the value of {@code preserved-memory-map}. */
    long root();

    /** Marks the {@code 2^order}-page block at {@code pfn}; may throw {@code KernelException(ENOMEM)}. */
    void preserve(long pfn, int order);

    /** Clears the mark; false when no page of the map covers it. */
    boolean unpreserve(long pfn, int order);
}
