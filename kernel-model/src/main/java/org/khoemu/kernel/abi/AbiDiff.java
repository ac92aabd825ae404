// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.abi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Field-level differences between two layout tables, and the one rule a reviewer checks by
 * hand: a struct whose layout changed must come with a change of the compatible string that
 * versions it ({@link AbiStruct#versionedBy()}); otherwise the old kernel's bytes would be read
 * with the new layout. Such a struct is an {@link #errors() error}.
 */
public final class AbiDiff {
    /** What happened to a struct, a field or a constant. */
    public enum Kind { STRUCT_ADDED, STRUCT_REMOVED, STRUCT_RESIZED, ADDED, REMOVED, MOVED, RESIZED, CHANGED }

    /**
     * One change. {@code where} is {@code struct} or {@code struct.field} or a constant's name;
     * {@code before}/{@code after} are offsets, sizes or values as text ({@code null} when absent).
     */
    public record Change(Kind kind, String where, String before, String after) {
    }

    private final List<Change> changes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> bumps = new ArrayList<>();

    private AbiDiff() {
    }

    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** Compatible strings that changed together with the structs they version, one line each. */
    public List<String> bumps() {
        return List.copyOf(bumps);
    }

    /** "Layout changed but compatible unchanged", one line per compatible. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    public static AbiDiff of(AbiLayout a, AbiLayout b) {
        AbiDiff d = new AbiDiff();
        Map<String, Set<String>> changedBy = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        a.structs().forEach(s -> names.add(s.name()));
        b.structs().forEach(s -> names.add(s.name()));
        for (String name : names) {
            AbiStruct sa = a.hasStruct(name) ? a.struct(name) : null;
            AbiStruct sb = b.hasStruct(name) ? b.struct(name) : null;
            if (d.struct(name, sa, sb)) {
                String compat = (sa != null ? sa : sb).versionedBy();
                changedBy.computeIfAbsent(compat, k -> new LinkedHashSet<>()).add(name);
            }
        }
        Set<String> constants = new LinkedHashSet<>();
        a.constants().forEach(c -> constants.add(c.name()));
        b.constants().forEach(c -> constants.add(c.name()));
        for (String name : constants) {
            String va = a.hasConstant(name) ? a.constant(name).value() : null;
            String vb = b.hasConstant(name) ? b.constant(name).value() : null;
            if (!Objects.equals(va, vb)) {
                d.changes.add(new Change(va == null ? Kind.ADDED : vb == null ? Kind.REMOVED : Kind.CHANGED, name, va, vb));
            }
        }
        for (Map.Entry<String, Set<String>> e : changedBy.entrySet()) {
            String compat = e.getKey();
            String va = a.hasConstant(compat) ? a.constant(compat).value() : null;
            String vb = b.hasConstant(compat) ? b.constant(compat).value() : null;
            String structs = String.join(", ", e.getValue());
            if (va != null && va.equals(vb)) {
                d.errors.add("layout of " + structs + " changed but " + compat + " is unchanged (" + va + ")");
            } else {
                d.bumps.add(compat + " " + va + " -> " + vb + " covers the change of " + structs);
            }
        }
        return d;
    }

    /** Records the changes of one struct; true if its layout differs. */
    private boolean struct(String name, AbiStruct a, AbiStruct b) {
        if (a == null || b == null) {
            AbiStruct s = a == null ? b : a;
            changes.add(new Change(a == null ? Kind.STRUCT_ADDED : Kind.STRUCT_REMOVED, name,
                    a == null ? null : "size " + s.size(), b == null ? null : "size " + s.size()));
            return true;
        }
        int before = changes.size();
        if (a.size() != b.size()) {
            changes.add(new Change(Kind.STRUCT_RESIZED, name, "size " + a.size(), "size " + b.size()));
        }
        Map<String, AbiField> fa = byName(a);
        Map<String, AbiField> fb = byName(b);
        Set<String> paths = new LinkedHashSet<>(fa.keySet());
        paths.addAll(fb.keySet());
        for (String p : paths) {
            AbiField x = fa.get(p);
            AbiField y = fb.get(p);
            String where = name + "." + p;
            if (x == null) {
                changes.add(new Change(Kind.ADDED, where, null, at(y)));
            } else if (y == null) {
                changes.add(new Change(Kind.REMOVED, where, at(x), null));
            } else {
                if (x.offset() != y.offset()) {
                    changes.add(new Change(Kind.MOVED, where, "@" + x.offset(), "@" + y.offset()));
                }
                if (x.size() != y.size() || !x.type().equals(y.type())) {
                    changes.add(new Change(Kind.RESIZED, where, x.type() + " (" + x.size() + " bytes)",
                            y.type() + " (" + y.size() + " bytes)"));
                }
            }
        }
        return changes.size() != before;
    }

    private static String at(AbiField f) {
        return f.type() + " @" + f.offset() + " (" + f.size() + " bytes)";
    }

    private static Map<String, AbiField> byName(AbiStruct s) {
        Map<String, AbiField> m = new LinkedHashMap<>();
        for (AbiField f : s.flatFields()) {
            m.put(f.name(), f);
        }
        return m;
    }
}
