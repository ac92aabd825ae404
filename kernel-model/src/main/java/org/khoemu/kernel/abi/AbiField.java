// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.abi;

/**
 * One member of a serialized struct, as {@code pahole} shows it: byte offset from the struct
 * start, size in bytes, the C type and what the field means. {@code member} is the struct of an
 * embedded struct or of an array's elements, null for scalars and char arrays.
 */
public record AbiField(String name, int offset, int size, String type, String meaning, AbiStruct member) {
}
