// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

/**
 * One serialized session as every profile sees it: its name, the physical address of its
 * {@code luo_file_ser} array (0 if none), the pages that array occupies ({@code pgcnt}) and the
 * number of files in it. The seed stores {@code pgcnt} in the entry; v6.19 dropped the field
 * (the array's folio says its size), so there it is implied: the array's pages, or 0.
 */
public record LuoSessionRecord(String name, long files, long pgcnt, long count) {
}
