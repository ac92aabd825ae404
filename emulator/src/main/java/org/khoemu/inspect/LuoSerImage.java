// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

/**
 * The raw {@code struct luo_ser} blob of a luo-v5 handover as read from RAM: where it is, the
 * {@code blob-size} KHO recorded for it, and its fields.
 */
public record LuoSerImage(long pa, long size, String compatible, long liveupdateNumber, long sessionsPa,
                          long flbsPa) {
}
