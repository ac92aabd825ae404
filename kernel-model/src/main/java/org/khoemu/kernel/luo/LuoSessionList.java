// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct luo_session_header}: the outgoing or the incoming sessions, in insertion order,
 * with the physical address of the session block they serialize to / came from.
 */
public final class LuoSessionList {
    private final List<LuoSession> list = new ArrayList<>();
    private final int nameLength;
    private final int max;
    long blockPa;
    boolean active;

    /** {@code max} is LUO_SESSION_MAX for the outgoing list, -1 (no limit) for the incoming one. */
    LuoSessionList(int nameLength, int max) {
        this.nameLength = nameLength;
        this.max = max;
    }

    public int count() {
        return list.size();
    }

    public List<LuoSession> sessions() {
        return List.copyOf(list);
    }

    /**
     * The session whose name compares equal over the name field ({@code strncmp(a, b,
     * sizeof(name))}), or null. A linear scan, as in the seed: inserting n sessions is
     * O(n^2), which is what a hashed variant would be measured against.
     */
    public LuoSession findByName(String name) {
        String key = prefix(name);
        for (LuoSession s : list) {
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
    }

    void remove(LuoSession s) {
        list.remove(s);
    }
}
