// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the results table: a Java figure at one size, with its C twin (same method name
 * plus {@code _c}, same parameters) when there is one and the memcpy floor of the same run.
 */
record FigureRow(String figure, String variant, String sizeName, long size, Measurement java, Measurement c,
                 Measurement floor) {
    static final String FLOOR = "memcpyFloor";
    static final String JNA = "jnaCall";
    static final String TWIN = "_c";
    /** The parameter that is the size axis of a figure, in this order of preference. */
    static final List<String> SIZES = List.of("n", "m", "sessions", "k");

    double javaOverC() {
        return c == null ? Double.NaN : java.us() / c.us();
    }

    double javaOverFloor() {
        return floor == null ? Double.NaN : java.us() / floor.us();
    }

    /** The ratio a comparison watches: to the C twin if there is one, else to the floor. */
    double ratio() {
        return c != null ? javaOverC() : javaOverFloor();
    }

    /** Relative noise of {@link #ratio()}: the fork spreads of its two terms combined. */
    double noise() {
        Measurement other = c != null ? c : floor;
        double o = other == null ? 0 : other.rsd();
        return Math.sqrt(java.rsd() * java.rsd() + o * o);
    }

    /** The key a comparison matches rows by. */
    String key() {
        return figure + (variant.isEmpty() ? "" : " " + variant) + " " + sizeName + "=" + size;
    }

    String label() {
        return figure + (variant.isEmpty() ? "" : " " + variant);
    }

    static boolean isJavaFigure(String method) {
        return !method.endsWith(TWIN) && !method.equals(FLOOR) && !method.equals(JNA);
    }

    static List<FigureRow> of(List<Measurement> all) {
        Measurement floor = all.stream().filter(m -> m.method().equals(FLOOR)).findFirst().orElse(null);
        List<FigureRow> rows = new ArrayList<>();
        for (Measurement j : all) {
            if (!isJavaFigure(j.method())) {
                continue;
            }
            Measurement c = all.stream().filter(m -> m.method().equals(j.method() + TWIN) && m.params().equals(j.params()))
                    .findFirst().orElse(null);
            String sizeName = SIZES.stream().filter(j.params()::containsKey).findFirst().orElse("");
            long size = sizeName.isEmpty() ? 0 : Long.parseLong(j.params().get(sizeName));
            Map<String, String> rest = new TreeMap<>(j.params());
            rest.remove(sizeName);
            StringBuilder v = new StringBuilder();
            rest.forEach((k, val) -> v.append(v.length() == 0 ? "" : " ").append(k).append('=').append(val));
            rows.add(new FigureRow(j.method(), v.toString(), sizeName, size, j, c, floor));
        }
        rows.sort(Comparator.comparing(FigureRow::figure).thenComparing(FigureRow::variant)
                .thenComparingLong(FigureRow::size));
        return rows;
    }
}
