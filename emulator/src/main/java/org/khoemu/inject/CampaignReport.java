// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's results as JSON (what was run, then one record per fault and mode, with its replay
 * id) and as a markdown summary: outcomes per target class for each mode, then the seed
 * kernel's weak spots (wrong data accepted, memory leaked, a guard's finding) with the ids that
 * replay them, then anything khoemu could not classify.
 */
public final class CampaignReport {
    /** Weak spots listed in the summary; the rest are in the JSON. */
    static final int LISTED = 150;

    /** What a report covers: a whole campaign, or shard {@code shard} ("K/M") of one. */
    public record Header(String campaign, String profile, long seed, long faults, String mode, String shard) {
        /** The line naming what differs between two headers of shards to merge, or null. */
        String mismatch(Header o) {
            if (!campaign.equals(o.campaign)) {
                return "campaign " + campaign + " against " + o.campaign;
            }
            if (!profile.equals(o.profile)) {
                return "ABI " + profile + " against " + o.profile;
            }
            if (seed != o.seed) {
                return "seed " + seed + " against " + o.seed;
            }
            if (faults != o.faults) {
                return "--faults " + faults + " against " + o.faults;
            }
            if (!mode.equals(o.mode)) {
                return "mode " + mode + " against " + o.mode;
            }
            return null;
        }
    }

    /** A report read back: its header and results. */
    public record Parsed(Header header, List<Campaign.Result> results) {
    }

    private CampaignReport() {
    }

    public static String json(Header h, List<Campaign.Result> results) {
        JsonObject o = new JsonObject();
        o.addProperty("campaign", h.campaign());
        o.addProperty("abiProfile", h.profile());
        o.addProperty("seed", h.seed());
        o.addProperty("faults", h.faults());
        o.addProperty("mode", h.mode());
        if (h.shard() != null) {
            o.addProperty("shard", h.shard());
        }
        JsonObject totals = new JsonObject();
        counts(results).forEach((k, v) -> totals.addProperty(k.name(), v));
        o.add("outcomes", totals);
        JsonArray arr = new JsonArray();
        for (Campaign.Result r : results) {
            JsonObject j = new JsonObject();
            j.addProperty("id", r.fault().id());
            j.addProperty("target", r.fault().target());
            j.addProperty("class", r.cls());
            j.addProperty("mutation", r.fault().mutation().key());
            if (r.fault().mutation() == Mutation.FLIP) {
                j.addProperty("bit", r.fault().bit());
            }
            if (r.fault().mutation() == Mutation.FAIL_NTH) {
                j.addProperty("nth", r.fault().bit());
            }
            j.addProperty("pa", "0x" + Long.toHexString(r.pa()));
            j.addProperty("mode", r.mode());
            j.addProperty("outcome", r.outcome().kind().name());
            j.addProperty("detail", r.outcome().detail());
            if (!r.outcome().findings().isEmpty()) {
                JsonArray fs = new JsonArray();
                r.outcome().findings().forEach(fs::add);
                j.add("findings", fs);
            }
            arr.add(j);
        }
        o.add("results", arr);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    /** Reads a report {@link #json} wrote; {@code name} is for messages. Throws IllegalArgumentException with one line. */
    public static Parsed parse(String text, String name) {
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            Header h = new Header(o.get("campaign").getAsString(), o.get("abiProfile").getAsString(),
                    o.get("seed").getAsLong(), o.get("faults").getAsLong(), o.get("mode").getAsString(),
                    o.has("shard") ? o.get("shard").getAsString() : null);
            List<Campaign.Result> rs = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("results")) {
                JsonObject j = e.getAsJsonObject();
                rs.add(new Campaign.Result(Fault.parse(j.get("id").getAsString()), j.get("mode").getAsString(),
                        Long.parseUnsignedLong(j.get("pa").getAsString().substring(2), 16), j.get("class").getAsString(),
                        new Outcome(Outcome.Kind.valueOf(j.get("outcome").getAsString()), j.get("detail").getAsString(),
                                findings(j))));
            }
            return new Parsed(h, rs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not a khoemu inject faults.json: " + e.getMessage(), e);
        }
    }

    static List<String> findings(JsonObject j) {
        List<String> out = new ArrayList<>();
        if (j.has("findings")) {
            j.getAsJsonArray("findings").forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    static Map<Outcome.Kind, Integer> counts(List<Campaign.Result> results) {
        Map<Outcome.Kind, Integer> m = new EnumMap<>(Outcome.Kind.class);
        for (Outcome.Kind k : Outcome.Kind.values()) {
            m.put(k, 0);
        }
        results.forEach(r -> m.merge(r.outcome().kind(), 1, Integer::sum));
        return m;
    }

    /** Outcome counts per mode, then per target class in {@link FaultTargets#CLASSES} order. */
    static Map<String, Map<String, Map<Outcome.Kind, Integer>>> table(List<Campaign.Result> results) {
        Map<String, Map<String, Map<Outcome.Kind, Integer>>> byMode = new LinkedHashMap<>();
        for (String mode : Campaign.MODES) {
            Map<String, Map<Outcome.Kind, Integer>> byClass = new LinkedHashMap<>();
            for (String c : FaultTargets.CLASSES) {
                List<Campaign.Result> in = results.stream().filter(r -> r.mode().equals(mode) && r.cls().equals(c)).toList();
                if (!in.isEmpty()) {
                    byClass.put(c, counts(in));
                }
            }
            if (!byClass.isEmpty()) {
                byMode.put(mode, byClass);
            }
        }
        return byMode;
    }

    /** A weak spot of the seed kernel: wrong data accepted, memory leaked, or a guard's finding. */
    static boolean weak(Outcome o) {
        return o.kind() == Outcome.Kind.SILENT_CORRUPTION || o.kind() == Outcome.Kind.LEAK || !o.findings().isEmpty();
    }

    public static String markdown(Header h, List<Campaign.Result> results) {
        StringBuilder sb = new StringBuilder("<!-- SPDX-License-Identifier: GPL-2.0-or-later -->\n");
        sb.append(String.format("# Fault campaign %s, ABI %s, seed %d, mode %s: %d run(s)%n", h.campaign(), h.profile(),
                h.seed(), h.mode(), results.size()));
        if (h.shard() != null) {
            sb.append(String.format("%nShard %s of a campaign of %d fault(s).%n", h.shard(), h.faults()));
        }
        table(results).forEach((mode, byClass) -> {
            sb.append(String.format("%n## Outcomes per target class, kernel B %s%n%n| target class |", mode));
            for (Outcome.Kind k : Outcome.Kind.values()) {
                sb.append(' ').append(k.name()).append(" |");
            }
            sb.append(" total |\n|---|").append("---:|".repeat(Outcome.Kind.values().length + 1)).append('\n');
            Map<Outcome.Kind, Integer> all = counts(List.of());
            byClass.forEach((c, n) -> {
                row(sb, "`" + c + "`", n);
                n.forEach((k, v) -> all.merge(k, v, Integer::sum));
            });
            row(sb, "**all**", all);
        });
        sideBySide(sb, results);
        List<Campaign.Result> weak = results.stream().filter(r -> weak(r.outcome())).toList();
        sb.append(String.format("%n## Weak spots: wrong data accepted, memory leaked, guard findings (%d)%n%n", weak.size()));
        list(sb, weak, "None in this campaign.");
        List<Campaign.Result> bugs = results.stream().filter(r -> r.outcome().kind() == Outcome.Kind.UNCLASSIFIED
                || r.outcome().kind() == Outcome.Kind.HANG).toList();
        sb.append(String.format("%n## Not classified: worker deaths, model failures, hangs (%d)%n%n", bugs.size()));
        list(sb, bugs, "None: every fault was classified.");
        return sb.toString();
    }

    /**
     * With both modes: each class's outcomes as faithful / hardened in one cell, and how many
     * faults the two kernels answered differently.
     */
    private static void sideBySide(StringBuilder sb, List<Campaign.Result> results) {
        var t = table(results);
        if (t.size() < 2) {
            return;
        }
        var f = t.get(Campaign.MODES.get(0));
        var h = t.get(Campaign.MODES.get(1));
        Map<String, String> byIdF = new java.util.HashMap<>();
        results.stream().filter(r -> r.mode().equals(Campaign.MODES.get(0)))
                .forEach(r -> byIdF.put(r.fault().id(), r.outcome().kind().name()));
        Map<String, Integer> differ = new LinkedHashMap<>();
        results.stream().filter(r -> r.mode().equals(Campaign.MODES.get(1)))
                .filter(r -> !r.outcome().kind().name().equals(byIdF.get(r.fault().id())))
                .forEach(r -> differ.merge(r.cls(), 1, Integer::sum));
        sb.append(String.format("%n## Side by side: faithful / hardened%n%n| target class |"));
        for (Outcome.Kind k : Outcome.Kind.values()) {
            sb.append(' ').append(k.name()).append(" |");
        }
        sb.append(" outcome differs |\n|---|").append("---:|".repeat(Outcome.Kind.values().length + 1)).append('\n');
        for (String c : f.keySet()) {
            sb.append("| `").append(c).append("` |");
            for (Outcome.Kind k : Outcome.Kind.values()) {
                sb.append(' ').append(f.get(c).get(k)).append(" / ")
                        .append(h.containsKey(c) ? h.get(c).get(k) : 0).append(" |");
            }
            sb.append(' ').append(differ.getOrDefault(c, 0)).append(" |\n");
        }
    }

    private static void list(StringBuilder sb, List<Campaign.Result> rs, String none) {
        if (rs.isEmpty()) {
            sb.append(none).append('\n');
        }
        for (Campaign.Result r : rs.subList(0, Math.min(LISTED, rs.size()))) {
            sb.append(String.format("- `%s` (%s, %s): %s%s; replay: `khoemu inject --replay '%s' --mode %s`%n", r.fault().id(),
                    r.mode(), r.outcome().kind(), r.outcome().detail(), r.outcome().findings().isEmpty() ? ""
                            : "; guard: " + String.join("; ", r.outcome().findings()), r.fault().id(), r.mode()));
        }
        if (rs.size() > LISTED) {
            sb.append(String.format("- ... and %d more in faults.json%n", rs.size() - LISTED));
        }
    }

    private static void row(StringBuilder sb, String name, Map<Outcome.Kind, Integer> c) {
        sb.append("| ").append(name).append(" |");
        int total = 0;
        for (Outcome.Kind k : Outcome.Kind.values()) {
            sb.append(' ').append(c.get(k)).append(" |");
            total += c.get(k);
        }
        sb.append(' ').append(total).append(" |\n");
    }
}
