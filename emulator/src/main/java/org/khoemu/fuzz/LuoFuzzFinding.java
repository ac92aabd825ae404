// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

/**
 * An invariant a sequence broke: which ({@code replay}), where (operation {@code step}, counted
 * from 0; {@code step == replay.length()} is the drain after the last operation) and what.
 */
public record LuoFuzzFinding(ReplayId replay, int step, String operation, String invariant, String detail) {
    /** One line, in the manner of a syzkaller report title. */
    public String line() {
        return String.format("replay %s: step %d %s: %s: %s", replay, step, operation, invariant, detail);
    }
}
