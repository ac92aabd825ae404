// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

/**
 * A report line for one file LUO holds: its token, handler, the handler's serialized data
 * (for memfd the phys of its {@code memfd_luo_ser}), the data size (-1 if unknown) and
 * whether it was retrieved in this kernel.
 */
public record LuoFileInfo(long token, String compatible, long data, long size, boolean retrieved) {
}
