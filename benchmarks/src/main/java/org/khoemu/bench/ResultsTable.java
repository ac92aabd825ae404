// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import java.util.List;
import java.util.Locale;

/**
 * The markdown table of a run: figure, n, Java, C, floor, Java/C, Java/floor, error; then the
 * floor and the JNA call cost themselves.
 */
final class ResultsTable {
    private ResultsTable() {
    }

    /** A time in µs with three significant digits, in the unit that reads best. */
    static String time(double us) {
        if (Double.isNaN(us)) {
            return "–";
        }
        if (us >= 1e6) {
            return String.format(Locale.ROOT, "%.3g s", us / 1e6);
        }
        if (us >= 1e3) {
            return String.format(Locale.ROOT, "%.3g ms", us / 1e3);
        }
        if (us >= 1) {
            return String.format(Locale.ROOT, "%.3g µs", us);
        }
        return String.format(Locale.ROOT, "%.3g ns", us * 1e3);
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, r >= 100 ? "%.0f×" : "%.2f×", r);
    }

    static String markdown(List<FigureRow> rows, List<Measurement> all, String heading) {
        StringBuilder sb = new StringBuilder(heading);
        sb.append("| figure | n | Java | C | floor | Java/C | Java/floor | error |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FigureRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | ±%.1f%% |%n",
                    r.label(), r.sizeName().isEmpty() ? "–" : r.sizeName() + "=" + r.size(), time(r.java().us()),
                    r.c() == null ? "–" : time(r.c().us()), r.floor() == null ? "–" : time(r.floor().us()),
                    ratio(r.javaOverC()), ratio(r.javaOverFloor()),
                    r.java().us() == 0 ? 0 : 100 * r.java().errorUs() / r.java().us()));
        }
        sb.append('\n');
        for (Measurement m : all) {
            if (m.method().equals(FigureRow.FLOOR)) {
                sb.append(String.format(Locale.ROOT, "- floor: C `memcpy` of the 64 KiB session block, %s (±%s)%n",
                        time(m.us()), time(m.errorUs())));
            } else if (m.method().equals(FigureRow.JNA)) {
                sb.append(String.format(Locale.ROOT, "- one JNA call into the C library: %s; the C twins run their "
                        + "loop %d (serialize) or %d (deserialize) times per call, so it adds about %s or %s per operation%n",
                        time(m.us()), SessionSerialize.C_LOOPS, SessionDeserialize.C_LOOPS,
                        time(m.us() / SessionSerialize.C_LOOPS), time(m.us() / SessionDeserialize.C_LOOPS)));
            }
        }
        sb.append("- error: JMH's 99.9% confidence half-width of the Java figure, as a share of it\n");
        return sb.toString();
    }
}
