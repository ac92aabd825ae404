// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.CString;

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
    /** The name as the serialized field ({@code CString.field}), made on the first serialize. */
    private byte[] nameField;

    /** {@code name} already truncated to the ABI's name field. */
    LuoSession(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    byte[] nameField(int fieldLen) {
        byte[] f = nameField;
        if (f == null || f.length != fieldLen) {
            f = CString.field(name, fieldLen);
            nameField = f;
        }
        return f;
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
