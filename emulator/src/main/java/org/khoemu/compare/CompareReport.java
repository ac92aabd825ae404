// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison for people (one heading per structure with its counts, then its address-only
 * and different fields, or every field with {@code all}) or for scripts (JSON with every field).
 */
public final class CompareReport {
    private CompareReport() {
    }

    /** Findings grouped by structure, in walk order. */
    static Map<String, List<Finding>> byStructure(List<Finding> all) {
        Map<String, List<Finding>> m = new LinkedHashMap<>();
        for (Finding f : all) {
            m.computeIfAbsent(f.structure(), k -> new java.util.ArrayList<>()).add(f);
        }
        return m;
    }

    static long count(List<Finding> fs, Finding.Kind k) {
        return fs.stream().filter(f -> f.kind() == k).count();
    }

    public static String text(Findings findings, String aName, String bName, boolean all) {
        StringBuilder sb = new StringBuilder();
        sb.append("A: ").append(aName).append('\n').append("B: ").append(bName).append('\n');
        for (var e : byStructure(findings.all()).entrySet()) {
            List<Finding> fs = e.getValue();
            Finding first = fs.get(0);
            sb.append(String.format("%n%s  A 0x%x  B 0x%x: %d equal, %d address-only, %d different%n", e.getKey(),
                    first.aPa() - first.offset(), first.bPa() - first.offset(), count(fs, Finding.Kind.EQUAL),
                    count(fs, Finding.Kind.ADDRESS), count(fs, Finding.Kind.DIFFERENT)));
            for (Finding f : fs) {
                if (all || f.kind() != Finding.Kind.EQUAL) {
                    String mark = switch (f.kind()) {
                        case EQUAL -> "=";
                        case ADDRESS -> "~";
                        case DIFFERENT -> "!";
                    };
                    sb.append(String.format("  %s %-40s +0x%-5x %s | %s  %s%n", mark, f.field(), f.offset(), f.a(), f.b(),
                            f.kind() == Finding.Kind.DIFFERENT ? "different (" + f.what() + ")" : f.kind().label()));
                }
            }
        }
        long d = findings.of(Finding.Kind.DIFFERENT).size();
        sb.append(String.format("%n%d field(s): %d equal, %d address-only, %d different%n", findings.all().size(),
                findings.of(Finding.Kind.EQUAL).size(), findings.of(Finding.Kind.ADDRESS).size(), d));
        sb.append(d == 0 ? "OK: no difference other than addresses\n" : "DIFFERENT: " + d + " real difference(s)\n");
        return sb.toString();
    }

    public static String json(Findings findings, String aName, String bName) {
        JsonObject o = new JsonObject();
        o.addProperty("a", aName);
        o.addProperty("b", bName);
        o.addProperty("equal", findings.of(Finding.Kind.EQUAL).size());
        o.addProperty("addressOnly", findings.of(Finding.Kind.ADDRESS).size());
        o.addProperty("different", findings.of(Finding.Kind.DIFFERENT).size());
        JsonArray structs = new JsonArray();
        for (var e : byStructure(findings.all()).entrySet()) {
            JsonObject s = new JsonObject();
            s.addProperty("name", e.getKey());
            s.addProperty("equal", count(e.getValue(), Finding.Kind.EQUAL));
            s.addProperty("addressOnly", count(e.getValue(), Finding.Kind.ADDRESS));
            s.addProperty("different", count(e.getValue(), Finding.Kind.DIFFERENT));
            JsonArray fields = new JsonArray();
            for (Finding f : e.getValue()) {
                JsonObject j = new JsonObject();
                j.addProperty("field", f.field());
                j.addProperty("offset", "0x" + Long.toHexString(f.offset()));
                j.addProperty("size", f.size());
                j.addProperty("aPa", "0x" + Long.toHexString(f.aPa()));
                j.addProperty("bPa", "0x" + Long.toHexString(f.bPa()));
                j.addProperty("a", f.a());
                j.addProperty("b", f.b());
                j.addProperty("verdict", f.kind().label());
                if (!f.what().isEmpty()) {
                    j.addProperty("what", f.what());
                }
                fields.add(j);
            }
            s.add("fields", fields);
            structs.add(s);
        }
        o.add("structures", structs);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }
}
