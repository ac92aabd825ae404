// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

/** Failures told in one line. */
public final class Failures {
    private Failures() {
    }

    /**
     * The message of {@code e} on one line (a multi-line one, e.g. from a library, is joined with
     * "; "), or its type when it has none.
     */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : String.join("; ", m.strip().split("\\s*\\R\\s*"));
    }
}
