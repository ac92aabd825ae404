// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

/** One memory reservation ({@code /memreserve/}) entry: two big-endian u64 in the blob. */
public record FdtReserveEntry(long address, long size) {
}
