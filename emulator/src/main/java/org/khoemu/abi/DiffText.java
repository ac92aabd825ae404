// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.khoemu.kernel.abi.AbiDiff;
import org.khoemu.kernel.abi.AbiLayout;

import java.io.PrintWriter;

/**
 * {@code khoemu abi diff} output, in the manner of a unified diff's header: one line per change
 * ({@code -} removed, {@code +} added, {@code ~} moved/resized/changed), then the compatible
 * bumps seen and the errors.
 */
public final class DiffText {
    private DiffText() {
    }

    /** Prints the differences of {@code a} and {@code b}; returns 0, or 1 when a compatible was not bumped. */
    public static int print(AbiLayout a, AbiLayout b, PrintWriter out) {
        AbiDiff d = AbiDiff.of(a, b);
        out.println("--- " + a.profile());
        out.println("+++ " + b.profile());
        for (AbiDiff.Change c : d.changes()) {
            String mark = switch (c.kind()) {
                case STRUCT_ADDED, ADDED -> "+";
                case STRUCT_REMOVED, REMOVED -> "-";
                default -> "~";
            };
            String kind = c.kind().name().toLowerCase().replace('_', ' ');
            String values = c.before() == null ? c.after() : c.after() == null ? c.before() : c.before() + " -> " + c.after();
            out.printf("%s %-14s %-44s %s%n", mark, kind, c.where(), values);
        }
        if (d.changes().isEmpty()) {
            out.println("no differences");
        }
        for (String bump : d.bumps()) {
            out.println("compatible bumped: " + bump);
        }
        for (String e : d.errors()) {
            out.println("error: " + e);
        }
        out.flush();
        return d.errors().isEmpty() ? 0 : 1;
    }
}
