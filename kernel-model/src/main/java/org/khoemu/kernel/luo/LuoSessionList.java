// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.abi.LuoEntryStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct luo_session_header}: the outgoing or the incoming sessions, in insertion order,
 * with the physical address of the session block they serialize to / came from.
 */
public final class LuoSessionList {
    private final ArrayList<LuoSession> list = new ArrayList<>();
    private final int nameLength;
    private final int max;
    private final LuoSessionLookup lookup;
    /** {@link LuoSessionLookup#HASHED} only: each session by its name as compared. */
    private Map<String, LuoSession> byName;
    /**
     * {@link LuoSessionLookup#FAITHFUL} only: name {@code i} as Latin-1 bytes at
     * {@code i * nameLength} and its length, so the walk streams through one array; once a name
     * has a char above 0xff ({@code wide}) the walk compares the Strings instead.
     */
    private byte[] flat = new byte[0];
    private int[] lens = new int[0];
    private boolean wide;
    private final byte[] keyBuf;
    long blockPa;
    /** Outgoing only: where the entries will be written (null until setup). */
    LuoEntryStore.Out out;
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
        this.keyBuf = new byte[nameLength];
    }

    public int count() {
        return list.size();
    }

    /** A snapshot, in insertion order. */
    public List<LuoSession> sessions() {
        return List.copyOf(list);
    }

    /** Room for {@code n} more sessions without regrowing (a rebuild knows its count). */
    void expect(int n) {
        list.ensureCapacity(list.size() + n);
        if (byName == null && !wide && lens.length < list.size() + n) {
            lens = Arrays.copyOf(lens, list.size() + n);
            flat = Arrays.copyOf(flat, (list.size() + n) * nameLength);
        }
        if (byName != null && byName.isEmpty()) {
            byName = new HashMap<>((int) (n / 0.75f) + 1);
        }
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
        if (byName != null) {
            return byName.get(prefix(name));
        }
        int i = walk(wide ? -1 : key(name), name);
        return i < 0 ? null : list.get(i);
    }

    /**
     * The faithful walk: the index of the first name equal to {@code name}, or -1. The names
     * are compared in a flat array of fields (as the C twin's array of structs), one after the
     * other; {@code keyLen} is {@link #key}'s result for {@code name}, or -1 to compare Strings.
     */
    private int walk(int keyLen, String name) {
        int n = list.size();
        if (keyLen < 0) {
            String key = prefix(name);
            for (int i = 0; i < n; i++) {
                if (prefix(list.get(i).name()).equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        byte[] f = flat;
        int[] l = lens;
        for (int i = 0, off = 0; i < n; i++, off += nameLength) {
            if (l[i] == keyLen && Arrays.equals(f, off, off + keyLen, keyBuf, 0, keyLen)) {
                return i;
            }
        }
        return -1;
    }

    /** {@link #prefix} of {@code name} as Latin-1 bytes into {@link #keyBuf}: its length, or -1 if a char is wider. */
    private int key(String name) {
        int n = Math.min(name.length(), nameLength);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c > 0xff) {
                return -1;
            }
            keyBuf[i] = (byte) c;
        }
        return n;
    }

    private String prefix(String s) {
        return s.length() > nameLength ? s.substring(0, nameLength) : s;
    }

    /** {@code luo_session_insert}: ENOMEM when full (outgoing), EEXIST for a duplicate name. */
    void insert(LuoSession s) {
        if (max >= 0 && list.size() == max) {
            throw new KernelException(Errno.ENOMEM, "the session block is full (" + max + " sessions)");
        }
        if (byName != null) {
            if (byName.putIfAbsent(prefix(s.name()), s) != null) {
                throw new KernelException(Errno.EEXIST, "session [" + s.name() + "] exists");
            }
            list.add(s);
            return;
        }
        int keyLen = wide ? -1 : key(s.name());
        if (walk(keyLen, s.name()) >= 0) {
            throw new KernelException(Errno.EEXIST, "session [" + s.name() + "] exists");
        }
        int i = list.size();
        list.add(s);
        if (keyLen < 0) {
            wide = true;
            return;
        }
        if (lens.length == i) {
            int cap = Math.max(16, i * 2);
            lens = Arrays.copyOf(lens, cap);
            flat = Arrays.copyOf(flat, cap * nameLength);
        }
        System.arraycopy(keyBuf, 0, flat, i * nameLength, keyLen);
        lens[i] = keyLen;
    }

    void remove(LuoSession s) {
        int i = list.indexOf(s);
        if (i < 0) {
            return;
        }
        list.remove(i);
        if (byName != null) {
            byName.remove(prefix(s.name()));
        } else if (!wide) {
            int n = list.size();
            System.arraycopy(lens, i + 1, lens, i, n - i);
            System.arraycopy(flat, (i + 1) * nameLength, flat, i * nameLength, (n - i) * nameLength);
        }
    }
}
