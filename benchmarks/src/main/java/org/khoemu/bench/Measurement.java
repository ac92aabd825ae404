// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result of JMH's JSON, in microseconds per operation, with the spread of its
 * per-fork means: the noise that {@code --compare} holds a change against.
 */
record Measurement(String method, Map<String, String> params, double us, double errorUs, int forks, double rsd) {
    /** The benchmark's method name, e.g. {@code sessionSerialize_c}. */
    static String method(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    static double toMicros(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new JsonParseException("unsupported score unit " + unit);
        };
    }

    /** Reads a JMH JSON result file; a file that is not one is an {@link IOException} naming it. */
    static List<Measurement> read(Path json) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new IOException(json + ": no such file");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(json));
        } catch (JsonParseException | IOException e) {
            throw new IOException(json + ": not a JMH JSON result file (" + e.getMessage() + ")");
        }
        if (!root.isJsonArray()) {
            throw new IOException(json + ": not a JMH JSON result file (no top-level array)");
        }
        List<Measurement> out = new ArrayList<>();
        try {
            for (JsonElement e : root.getAsJsonArray()) {
                out.add(of(e.getAsJsonObject()));
            }
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a JMH JSON result file (" + e.getMessage() + ")");
        }
        return out;
    }

    private static Measurement of(JsonObject o) {
        Map<String, String> params = new TreeMap<>();
        if (o.has("params")) {
            o.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        }
        JsonObject pm = o.getAsJsonObject("primaryMetric");
        double scale = toMicros(pm.get("scoreUnit").getAsString());
        double score = pm.get("score").getAsDouble() * scale;
        JsonElement err = pm.get("scoreError");
        double error = err == null || !err.isJsonPrimitive() || !err.getAsJsonPrimitive().isNumber()
                ? 0 : err.getAsDouble() * scale;
        if (Double.isNaN(error)) {
            error = 0;
        }
        JsonArray raw = pm.getAsJsonArray("rawData");
        List<Double> forkMeans = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (JsonElement fork : raw) {
            double sum = 0;
            int n = 0;
            for (JsonElement v : fork.getAsJsonArray()) {
                sum += v.getAsDouble() * scale;
                all.add(v.getAsDouble() * scale);
                n++;
            }
            if (n > 0) {
                forkMeans.add(sum / n);
            }
        }
        // across forks when there are several (JIT and layout differ per fork), else across iterations
        double rsd = forkMeans.size() >= 2 ? rsd(forkMeans) : rsd(all);
        return new Measurement(method(o.get("benchmark").getAsString()), params, score, error, forkMeans.size(), rsd);
    }

    /** Relative standard deviation (sample), 0 for fewer than two values. */
    static double rsd(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return mean == 0 ? 0 : Math.sqrt(ss / (v.size() - 1)) / mean;
    }
}
