// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code --compare}: each figure's ratio (to its C twin, else to the floor) in this run against
 * an earlier one. A change counts only beyond twice the noise measured across forks in both
 * runs; a ratio that grew beyond it is a regression.
 */
final class Compare {
    enum Verdict { SAME, IMPROVED, REGRESSED, NEW }

    record Line(FigureRow now, FigureRow before, double change, double noise, Verdict verdict) {
    }

    private Compare() {
    }

    static List<Line> compare(List<FigureRow> now, List<FigureRow> before) {
        Map<String, FigureRow> old = before.stream().collect(Collectors.toMap(FigureRow::key, Function.identity(), (a, b) -> a));
        List<Line> out = new ArrayList<>();
        for (FigureRow r : now) {
            FigureRow b = old.get(r.key());
            if (b == null || Double.isNaN(b.ratio()) || Double.isNaN(r.ratio())) {
                out.add(new Line(r, null, Double.NaN, Double.NaN, Verdict.NEW));
                continue;
            }
            double change = r.ratio() / b.ratio() - 1;
            double noise = 2 * Math.sqrt(r.noise() * r.noise() + b.noise() * b.noise());
            Verdict v = change > noise ? Verdict.REGRESSED : change < -noise ? Verdict.IMPROVED : Verdict.SAME;
            out.add(new Line(r, b, change, noise, v));
        }
        return out;
    }

    static String markdown(List<Line> lines, String heading) {
        StringBuilder sb = new StringBuilder(heading);
        sb.append("| figure | n | ratio before | ratio now | change | noise | verdict |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Line l : lines) {
            FigureRow r = l.now();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.label(),
                    r.sizeName().isEmpty() ? "–" : r.sizeName() + "=" + r.size(),
                    l.before() == null ? "–" : ResultsTable.ratio(l.before().ratio()), ResultsTable.ratio(r.ratio()),
                    Double.isNaN(l.change()) ? "–" : String.format(Locale.ROOT, "%+.1f%%", 100 * l.change()),
                    Double.isNaN(l.noise()) ? "–" : String.format(Locale.ROOT, "±%.1f%%", 100 * l.noise()),
                    l.verdict().name().toLowerCase(Locale.ROOT)));
        }
        return sb.toString();
    }
}
