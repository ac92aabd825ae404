// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct luo_session_header}: the outgoing or the incoming sessions, in insertion order,
 * with the physical address of the session block they serialize to / came from.
 */
public final class LuoSessionList {
    private final List<LuoSession> list = new ArrayList<>();
    private final int nameLength;
    private final int max;
    private final LuoSessionLookup lookup;
    /** {@link LuoSessionLookup#HASHED} only: each session by its name as compared. */
    private final Map<String, LuoSession> byName;
    long blockPa;
    boolean active;

    /** {@code max} is LUO_SESSION_MAX for the outgoing list, -1 (no limit) for the incoming one. */
    LuoSessionList(int nameLength, int max) {
        this(nameLength, max, LuoSessionLookup.FAITHFUL);
    }

    LuoSessionList(int nameLength, int max, LuoSessionLookup lookup) {
        this.nameLength = nameLength;
        this.max = max;
        this.lookup = lookup;
        this.byName = lookup == LuoSessionLookup.HASHED ? new HashMap<>() : null;
    }

    public int count() {
        return list.size();
    }

    /** A snapshot, in insertion order. */
    public List<LuoSession> sessions() {
        return List.copyOf(list);
    }

    /** Session {@code i} in insertion order, without a snapshot (the serialize loop). */
    LuoSession get(int i) {
        return list.get(i);
    }

    public LuoSessionLookup lookup() {
        return lookup;
    }

    /**
     * The session whose name compares equal over the name field ({@code strncmp(a, b,
     * sizeof(name))}), or null. Faithfully a linear scan, as in the seed: inserting n sessions
     * is then O(n^2); the hashed lookup finds the same session in O(1).
     */
    public LuoSession findByName(String name) {
        String key = prefix(name);
        if (byName != null) {
            return byName.get(key);
        }
        for (int i = 0, n = list.size(); i < n; i++) {
            LuoSession s = list.get(i);
            if (prefix(s.name()).equals(key)) {
                return s;
            }
        }
        return null;
    }

    private String prefix(String s) {
        return s.length() > nameLength ? s.substring(0, nameLength) : s;
    }

    /** {@code luo_session_insert}: ENOMEM when full (outgoing), EEXIST for a duplicate name. */
    void insert(LuoSession s) {
        if (max >= 0 && list.size() == max) {
            throw new KernelException(Errno.ENOMEM, "the session block is full (" + max + " sessions)");
        }
        if (findByName(s.name()) != null) {
            throw new KernelException(Errno.EEXIST, "session [" + s.name() + "] exists");
        }
        list.add(s);
        if (byName != null) {
            byName.put(prefix(s.name()), s);
        }
    }

    void remove(LuoSession s) {
        if (list.remove(s) && byName != null) {
            byName.remove(prefix(s.name()));
        }
    }
}
