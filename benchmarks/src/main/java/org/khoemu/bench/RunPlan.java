// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;

import java.util.Map;

/**
 * How long and at which sizes each profile measures. The microbenchmarks run for a fixed time
 * per iteration; a live update is one call per iteration. Two forks at least, so that the noise
 * across forks is measured (the smoke run has one: it proves the harness, it measures nothing).
 */
record RunPlan(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
               int liveWarmups, int liveIterations, Map<String, String[]> params) {
    static RunPlan of(BenchOptions.Profile p) {
        return switch (p) {
            case FULL -> new RunPlan(2, 3, TimeValue.milliseconds(400), 3, TimeValue.milliseconds(400), 2, 4, Map.of());
            case QUICK -> new RunPlan(2, 3, TimeValue.milliseconds(300), 3, TimeValue.milliseconds(300), 2, 3,
                    Map.of("n", new String[] {"64", "819"}, "files", new String[] {"0"}, "m", new String[] {"65536"},
                            "sessions", new String[] {"64"}));
            case SMOKE -> new RunPlan(1, 0, TimeValue.milliseconds(10), 1, TimeValue.milliseconds(10), 0, 1,
                    Map.of("n", new String[] {"8"}, "files", new String[] {"4"}, "m", new String[] {"1024"},
                            "sessions", new String[] {"2"}));
        };
    }

    /**
     * This plan under one ABI profile: every benchmark's {@code abi} parameter is {@code p}, and
     * each session count ({@code n}, {@code sessions}) that {@code declared} (the selected
     * benchmarks' own values) or this plan gives above p's LUO_SESSION_MAX is measured at it.
     */
    RunPlan withAbi(LuoAbiProfile p, Map<String, java.util.Set<String>> declared) {
        Map<String, String[]> all = new java.util.HashMap<>(params);
        all.put("abi", new String[] {p.name()});
        for (String key : SESSION_COUNTS) {
            String[] values = params.containsKey(key) ? params.get(key)
                    : declared.getOrDefault(key, java.util.Set.of()).toArray(String[]::new);
            if (values.length > 0) {
                all.put(key, java.util.Arrays.stream(values).mapToInt(Integer::parseInt)
                        .map(v -> Math.min(v, p.sessionMax())).sorted().distinct()
                        .mapToObj(Integer::toString).toArray(String[]::new));
            }
        }
        return new RunPlan(forks, warmups, warmupTime, iterations, iterationTime, liveWarmups, liveIterations,
                Map.copyOf(all));
    }

    /** The parameters that count sessions, bounded by a profile's LUO_SESSION_MAX. */
    static final java.util.List<String> SESSION_COUNTS = java.util.List.of("n", "sessions");

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
