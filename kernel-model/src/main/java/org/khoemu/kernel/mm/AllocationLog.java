// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import java.util.ArrayList;
import java.util.List;

/** The kernel-lifetime record of every memblock and buddy allocation, tagged with the boot phase. */
public final class AllocationLog {
    private final List<AllocationRecord> records = new ArrayList<>();
    private String phase = "early";

    /** Sets the phase name recorded with later allocations (e.g. {@code "scratch_only"}). */
    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    void record(String allocator, long pa, long size, String who) {
        records.add(new AllocationRecord(allocator, phase, pa, size, who));
    }

    public List<AllocationRecord> records() {
        return List.copyOf(records);
    }
}
