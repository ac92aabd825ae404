// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

/**
 * One serialized session as every profile sees it: its name, the physical address of its
 * {@code luo_file_ser} array (0 if none) and the number of files in it. Profiles differ in
 * how (and whether) they store the array's page count.
 */
public record LuoSessionRecord(String name, long files, long count) {
}
