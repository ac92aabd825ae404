// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

/**
 * {@code struct luo_session}: a named container of preserved files. Outgoing sessions are
 * created by userspace in this kernel; incoming ones were deserialized from the previous
 * kernel and become {@code retrieved} when userspace takes them.
 */
public final class LuoSession {
    private final String name;
    final LuoFileSet fileSet = new LuoFileSet();
    boolean retrieved;
    /**
     * {@code session->pgcnt}: pages of the session's file array. Incoming: as the previous
     * kernel's entry stated it; outgoing: set when the session is serialized, which writes it.
     */
    long pgcnt;

    /** {@code name} already truncated to the ABI's name field. */
    LuoSession(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean retrieved() {
        return retrieved;
    }

    public long pgcnt() {
        return pgcnt;
    }

    public int fileCount() {
        return fileSet.count();
    }
}
