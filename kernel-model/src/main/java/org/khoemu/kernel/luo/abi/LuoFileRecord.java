// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

/** One serialized preserved file: handler compatible string, handler data and user token. */
public record LuoFileRecord(String compatible, long data, long token) {
}
