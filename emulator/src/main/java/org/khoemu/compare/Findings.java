// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import java.util.ArrayList;
import java.util.List;

/** The findings of one comparison, in walk order. */
public final class Findings {
    private final List<Finding> all = new ArrayList<>();
    /** RAM of each side: an "address" beyond it cannot be followed, so it is no address-only difference. */
    final long ramA;
    final long ramB;

    Findings(long ramA, long ramB) {
        this.ramA = ramA;
        this.ramB = ramB;
    }

    void add(Finding f) {
        all.add(f);
    }

    /** A structure one side has and the other has not (or could not be followed to). */
    void missing(String structure, String field, long aPa, long bPa, String a, String b) {
        all.add(new Finding(structure, field, 0, 0, aPa, bPa, a, b, Finding.Kind.DIFFERENT, "missing"));
    }

    public List<Finding> all() {
        return List.copyOf(all);
    }

    public List<Finding> of(Finding.Kind kind) {
        return all.stream().filter(f -> f.kind() == kind).toList();
    }
}
