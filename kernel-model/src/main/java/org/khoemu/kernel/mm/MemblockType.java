// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code struct memblock_type}: a sorted, non-overlapping list of regions. Adjacent regions with
 * equal flags are merged, as {@code memblock_merge_regions} does.
 */
public final class MemblockType {
    private final String name;
    private final List<MemblockRegion> regions = new ArrayList<>();

    public MemblockType(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<MemblockRegion> regions() {
        return List.copyOf(regions);
    }

    /** Adds {@code [base, base+size)}; the parts already covered keep their flags. */
    void add(long base, long size, int flags) {
        if (size <= 0) {
            return;
        }
        long end = base + size;
        List<MemblockRegion> out = new ArrayList<>();
        long cur = base;
        for (MemblockRegion r : regions) {
            if (r.end() <= cur || r.base() >= end) {
                out.add(r);
                continue;
            }
            if (r.base() > cur) {
                out.add(new MemblockRegion(cur, r.base() - cur, flags));
            }
            out.add(r);
            cur = Math.max(cur, r.end());
        }
        if (cur < end) {
            out.add(new MemblockRegion(cur, end - cur, flags));
        }
        replace(out);
    }

    /** Removes {@code [base, base+size)} from every region, splitting as needed. */
    void remove(long base, long size) {
        edit(base, size, part -> null);
    }

    /** Sets ({@code set}) or clears {@code flag} on {@code [base, base+size)}, isolating the range. */
    void setFlag(long base, long size, int flag, boolean set) {
        edit(base, size, p -> new MemblockRegion(p.base(), p.size(), set ? p.flags() | flag : p.flags() & ~flag));
    }

    /** Splits regions at {@code base} and {@code base+size}; each inside part is replaced (null drops it). */
    private void edit(long base, long size, UnaryOperator<MemblockRegion> inside) {
        long end = base + size;
        List<MemblockRegion> out = new ArrayList<>();
        for (MemblockRegion r : regions) {
            if (r.end() <= base || r.base() >= end) {
                out.add(r);
                continue;
            }
            long s = Math.max(r.base(), base);
            long e = Math.min(r.end(), end);
            if (r.base() < s) {
                out.add(new MemblockRegion(r.base(), s - r.base(), r.flags()));
            }
            MemblockRegion mid = inside.apply(new MemblockRegion(s, e - s, r.flags()));
            if (mid != null) {
                out.add(mid);
            }
            if (r.end() > e) {
                out.add(new MemblockRegion(e, r.end() - e, r.flags()));
            }
        }
        replace(out);
    }

    private void replace(List<MemblockRegion> out) {
        out.sort((a, b) -> Long.compare(a.base(), b.base()));
        regions.clear();
        for (MemblockRegion r : out) {
            int last = regions.size() - 1;
            if (last >= 0 && regions.get(last).end() == r.base() && regions.get(last).flags() == r.flags()) {
                MemblockRegion prev = regions.get(last);
                regions.set(last, new MemblockRegion(prev.base(), prev.size() + r.size(), r.flags()));
            } else {
                regions.add(r);
            }
        }
    }

    public boolean overlaps(long base, long size) {
        for (MemblockRegion r : regions) {
            if (r.base() < base + size && base < r.end()) {
                return true;
            }
        }
        return false;
    }

    /** True when every byte of {@code [base, base+size)} lies in regions having {@code flag}. */
    public boolean coveredWithFlag(long base, long size, int flag) {
        long cur = base;
        for (MemblockRegion r : regions) {
            if (r.end() <= cur || !r.has(flag)) {
                continue;
            }
            if (r.base() > cur) {
                return false;
            }
            cur = r.end();
            if (cur >= base + size) {
                return true;
            }
        }
        return cur >= base + size;
    }

    public long totalSize() {
        return regions.stream().mapToLong(MemblockRegion::size).sum();
    }
}
