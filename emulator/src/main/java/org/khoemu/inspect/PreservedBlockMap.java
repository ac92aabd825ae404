// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Preserved blocks by physical address, with their order: a read-only map kept as one sorted
 * {@code long} per block (the page-aligned address with the order in its low bits), because a
 * map of gigabytes names millions of pages and a hash map of boxed keys costs ~90 bytes each.
 */
final class PreservedBlockMap extends AbstractMap<Long, Integer> {
    private static final long ORDER_MASK = 0xfff;
    private final long[] packed;

    private PreservedBlockMap(long[] packed) {
        this.packed = packed;
    }

    /** Collects blocks; the last order given for an address wins. */
    static final class Builder {
        private long[] v = new long[256];
        private int n;

        /** {@code pa} is taken as its page frame, as the kernel takes {@code PHYS_PFN(pa)}. */
        void put(long pa, int order) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = (pa & ~ORDER_MASK) | order;
        }

        PreservedBlockMap build() {
            long[] a = Arrays.copyOf(v, n);
            Arrays.sort(a);
            // one entry per address; a damaged map may name an address twice: the last put
            // wins, as Map.put would have it
            Set<Long> dup = new HashSet<>();
            int m = 0;
            for (int i = 0; i < a.length; i++) {
                if (m > 0 && (a[m - 1] & ~ORDER_MASK) == (a[i] & ~ORDER_MASK)) {
                    dup.add(a[i] & ~ORDER_MASK);
                } else {
                    a[m++] = a[i];
                }
            }
            long[] out = Arrays.copyOf(a, m);
            if (!dup.isEmpty()) {
                Map<Long, Long> last = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    if (dup.contains(v[i] & ~ORDER_MASK)) {
                        last.put(v[i] & ~ORDER_MASK, v[i]);
                    }
                }
                PreservedBlockMap tmp = new PreservedBlockMap(out);
                last.forEach((pa, packed) -> out[tmp.find(pa)] = packed);
            }
            return new PreservedBlockMap(out);
        }
    }

    private int find(long pa) {
        int lo = 0;
        int hi = packed.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long k = packed[mid] & ~ORDER_MASK;
            if (k < pa) {
                lo = mid + 1;
            } else if (k > pa) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public Integer get(Object key) {
        if (!(key instanceof Long pa) || (pa & ORDER_MASK) != 0) {
            return null;
        }
        int i = find(pa);
        return i < 0 ? null : (int) (packed[i] & ORDER_MASK);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return packed.length;
    }

    @Override
    public Set<Entry<Long, Integer>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Long, Integer>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < packed.length;
                    }

                    @Override
                    public Entry<Long, Integer> next() {
                        if (i >= packed.length) {
                            throw new NoSuchElementException();
                        }
                        long v = packed[i++];
                        return new SimpleImmutableEntry<>(v & ~ORDER_MASK, (int) (v & ORDER_MASK));
                    }
                };
            }

            @Override
            public int size() {
                return packed.length;
            }
        };
    }
}
