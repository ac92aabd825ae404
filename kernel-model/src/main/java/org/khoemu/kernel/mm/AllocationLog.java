// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel-lifetime record of every memblock and buddy allocation, tagged with the boot phase.
 * A live update of gigabytes makes millions of page allocations, so the log is kept as arrays
 * (address, size, and an index into the few distinct allocator/phase/caller triples), about 20
 * bytes an allocation; {@link #records()} builds the records when a test asks.
 */
public final class AllocationLog {
    private record Tag(String allocator, String phase, String who) {
    }

    private final Map<Tag, Integer> tagIndex = new HashMap<>();
    private final List<Tag> tags = new ArrayList<>();
    private long[] pa = new long[64];
    private long[] size = new long[64];
    private int[] tag = new int[64];
    private int n;
    private String phase = "early";

    /** Sets the phase name recorded with later allocations (e.g. {@code "scratch_only"}). */
    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    void record(String allocator, long pa, long size, String who) {
        if (n == this.pa.length) {
            int cap = n * 2;
            this.pa = Arrays.copyOf(this.pa, cap);
            this.size = Arrays.copyOf(this.size, cap);
            this.tag = Arrays.copyOf(this.tag, cap);
        }
        Tag t = new Tag(allocator, phase, who);
        Integer i = tagIndex.get(t);
        if (i == null) {
            i = tags.size();
            tags.add(t);
            tagIndex.put(t, i);
        }
        this.pa[n] = pa;
        this.size[n] = size;
        this.tag[n] = i;
        n++;
    }

    public int size() {
        return n;
    }

    public List<AllocationRecord> records() {
        List<AllocationRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tag t = tags.get(tag[i]);
            out.add(new AllocationRecord(t.allocator(), t.phase(), pa[i], size[i], t.who()));
        }
        return List.copyOf(out);
    }
}
