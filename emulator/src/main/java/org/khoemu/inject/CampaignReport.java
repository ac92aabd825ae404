// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's results as JSON (one record per fault, with its replay id) and as a markdown
 * summary: outcomes per target struct, then every silent corruption with the id that replays it.
 */
public final class CampaignReport {
    private CampaignReport() {
    }

    public static String json(String campaign, String profile, long seed, List<Campaign.Result> results) {
        JsonObject o = new JsonObject();
        o.addProperty("campaign", campaign);
        o.addProperty("abiProfile", profile);
        o.addProperty("seed", seed);
        JsonObject totals = new JsonObject();
        counts(results).forEach((k, v) -> totals.addProperty(k.name(), v));
        o.add("outcomes", totals);
        JsonArray arr = new JsonArray();
        for (Campaign.Result r : results) {
            JsonObject j = new JsonObject();
            j.addProperty("id", r.fault().id());
            j.addProperty("struct", r.struct());
            j.addProperty("field", r.fault().field());
            j.addProperty("pa", "0x" + Long.toHexString(r.pa()));
            j.addProperty("mutation", r.fault().mutation().key());
            if (r.fault().mutation() == Mutation.FLIP) {
                j.addProperty("bit", r.fault().bit());
            }
            j.addProperty("outcome", r.outcome().kind().name());
            j.addProperty("detail", r.outcome().detail());
            arr.add(j);
        }
        o.add("faults", arr);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
    }

    static Map<Outcome.Kind, Integer> counts(List<Campaign.Result> results) {
        Map<Outcome.Kind, Integer> m = new EnumMap<>(Outcome.Kind.class);
        for (Outcome.Kind k : Outcome.Kind.values()) {
            m.put(k, 0);
        }
        results.forEach(r -> m.merge(r.outcome().kind(), 1, Integer::sum));
        return m;
    }

    public static String markdown(String campaign, String profile, long seed, List<Campaign.Result> results) {
        StringBuilder sb = new StringBuilder("<!-- SPDX-License-Identifier: GPL-2.0-or-later -->\n");
        sb.append(String.format("# Fault campaign %s, ABI %s, seed %d: %d fault(s)%n%n", campaign, profile, seed, results.size()));
        Map<String, Map<Outcome.Kind, Integer>> byStruct = new TreeMap<>();
        for (Campaign.Result r : results) {
            byStruct.computeIfAbsent(r.struct(), k -> counts(List.of())).merge(r.outcome().kind(), 1, Integer::sum);
        }
        sb.append("| target struct |");
        for (Outcome.Kind k : Outcome.Kind.values()) {
            sb.append(' ').append(k.name()).append(" |");
        }
        sb.append("\n|---|").append("---:|".repeat(Outcome.Kind.values().length)).append('\n');
        byStruct.forEach((s, c) -> row(sb, "`" + s + "`", c));
        row(sb, "**all**", counts(results));
        List<Campaign.Result> silent = results.stream()
                .filter(r -> r.outcome().kind() == Outcome.Kind.SILENT_CORRUPTION || r.outcome().kind() == Outcome.Kind.UNCLASSIFIED)
                .toList();
        sb.append("\n## Weak spots: wrong data accepted without a word\n\n");
        if (silent.isEmpty()) {
            sb.append("None in this campaign.\n");
        }
        for (Campaign.Result r : silent) {
            sb.append(String.format("- `%s` (%s): %s; replay: `khoemu inject --replay '%s'`%n", r.fault().id(),
                    r.outcome().kind(), r.outcome().detail(), r.fault().id()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Map<Outcome.Kind, Integer> c) {
        sb.append("| ").append(name).append(" |");
        for (Outcome.Kind k : Outcome.Kind.values()) {
            sb.append(' ').append(c.get(k)).append(" |");
        }
        sb.append('\n');
    }
}
