// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

/**
 * One allocation a kernel made: which allocator ({@code memblock} or {@code buddy}), in which boot
 * phase, the physical range and who asked. Tests replay the log of kernel B to prove it never
 * touched preserved memory and stayed in scratch until the KHO map was walked.
 */
public record AllocationRecord(String allocator, String phase, long pa, long size, String who) {
    public long end() {
        return pa + size;
    }

    public boolean overlaps(long base, long len) {
        return pa < base + len && base < pa + size;
    }
}
