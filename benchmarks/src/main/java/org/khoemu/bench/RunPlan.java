// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;

import java.util.List;
import java.util.Map;

/**
 * How long and at which sizes each profile measures. The microbenchmarks run for a fixed time
 * per iteration; a live update is one call per iteration. Two forks at least, so that the noise
 * across forks is measured (the smoke run has one: it proves the harness, it measures nothing).
 */
record RunPlan(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
               int liveWarmups, int liveIterations, boolean scale, Map<String, String[]> params) {
    /** Issue 11's sizes for a chained profile (luo-v5): sessions of the micro figures, files of one session. */
    static final int SCALE_SESSIONS = 100_000;
    static final int SCALE_FILES = 10_000;

    static RunPlan of(BenchOptions.Profile p) {
        return switch (p) {
            case FULL -> new RunPlan(2, 3, TimeValue.milliseconds(400), 3, TimeValue.milliseconds(400), 2, 4, true, Map.of());
            case QUICK -> new RunPlan(2, 3, TimeValue.milliseconds(300), 3, TimeValue.milliseconds(300), 2, 3, true,
                    Map.of("n", new String[] {"64", "819"}, "files", new String[] {"0"}, "m", new String[] {"65536"},
                            "sessions", new String[] {"64"}, "k", new String[] {"16"}));
            case SMOKE -> new RunPlan(1, 0, TimeValue.milliseconds(10), 1, TimeValue.milliseconds(10), 0, 1, false,
                    Map.of("n", new String[] {"8"}, "files", new String[] {"4"}, "m", new String[] {"1024"},
                            "sessions", new String[] {"2"}, "k", new String[] {"4"}));
        };
    }

    /**
     * This plan under one ABI profile: every benchmark's {@code abi} parameter is {@code p}, and
     * each session count ({@code n}, {@code sessions}) or file count ({@code k}) that
     * {@code declared} (the selected benchmarks' own values) or this plan gives above p's
     * LUO_SESSION_MAX or LUO_FILE_MAX is measured at it. A profile whose maxima reach issue 11's
     * sizes (luo-v5: chains of kho_blocks) also measures n at {@link #SCALE_SESSIONS} and k at
     * {@link #SCALE_FILES} (not the smoke run); its session figures then run without files,
     * since 100,000 sessions of 4 memfds do not fit the benchmark machine (k measures the files).
     */
    RunPlan withAbi(LuoAbiProfile p, Map<String, java.util.Set<String>> declared) {
        Map<String, String[]> all = new java.util.HashMap<>(params);
        all.put("abi", new String[] {p.name()});
        boolean scaled = scale && p.sessionMax() >= SCALE_SESSIONS && p.fileMax() >= SCALE_FILES;
        for (String key : List.of("n", "sessions", "k")) {
            String[] values = params.containsKey(key) ? params.get(key)
                    : declared.getOrDefault(key, java.util.Set.of()).toArray(String[]::new);
            if (values.length == 0) {
                continue;
            }
            int max = key.equals("k") ? p.fileMax() : p.sessionMax();
            java.util.stream.IntStream v = java.util.Arrays.stream(values).mapToInt(Integer::parseInt)
                    .map(x -> Math.min(x, max));
            if (scaled && !key.equals("sessions")) {
                v = java.util.stream.IntStream.concat(v, java.util.stream.IntStream.of(
                        key.equals("k") ? SCALE_FILES : SCALE_SESSIONS));
            }
            all.put(key, v.sorted().distinct().mapToObj(Integer::toString).toArray(String[]::new));
        }
        if (scaled && all.containsKey("n")) {
            all.put("files", new String[] {"0"});
        }
        return new RunPlan(forks, warmups, warmupTime, iterations, iterationTime, liveWarmups, liveIterations, scale,
                Map.copyOf(all));
    }

    /** The common options of one group; {@code live}: single-shot live updates. */
    ChainedOptionsBuilder apply(ChainedOptionsBuilder b, boolean live) {
        b.forks(forks).shouldFailOnError(true).jvmArgsAppend("-Djava.awt.headless=true");
        if (live) {
            b.warmupIterations(liveWarmups).measurementIterations(liveIterations);
        } else {
            b.warmupIterations(warmups).warmupTime(warmupTime).measurementIterations(iterations)
                    .measurementTime(iterationTime);
        }
        params.forEach(b::param);
        return b;
    }

    /** How many values parameter {@code key} takes: overridden here, else the annotation's. */
    int values(String key, String[] declared) {
        String[] v = params.get(key);
        return v != null ? v.length : declared.length;
    }
}
