// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

/**
 * How a session list finds a name. {@link #FAITHFUL} walks the list and compares each name as
 * the seed does, so rebuilding n incoming sessions costs O(n^2) compares; {@link #HASHED} keeps a
 * hash set of the names beside the list. Both give the same sessions and the same errnos; the
 * pair exists so that the benchmarks can show what the seed's walk costs.
 */
public enum LuoSessionLookup {
    FAITHFUL,
    HASHED
}
