// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One PNG per figure (and parameter set) that has a size: time against n, with the C
 * twin and the memcpy floor as lines beside the Java figure. Both axes are logarithmic.
 */
final class Charts {
    private Charts() {
    }

    static String fileName(String label) {
        return label.replaceAll("[^A-Za-z0-9.=_-]+", "_") + ".png";
    }

    /** Writes the charts into {@code dir}; returns the files written. */
    static List<Path> write(List<FigureRow> rows, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<FigureRow>> byLabel = new LinkedHashMap<>();
        rows.forEach(r -> byLabel.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r));
        List<Path> out = new ArrayList<>();
        Files.createDirectories(dir);
        for (Map.Entry<String, List<FigureRow>> e : byLabel.entrySet()) {
            List<FigureRow> rs = e.getValue();
            if (rs.get(0).size() <= 0) {
                continue;
            }
            XYSeries java = new XYSeries("Java");
            XYSeries c = new XYSeries("C twin");
            XYSeries floor = new XYSeries("memcpy floor");
            for (FigureRow r : rs) {
                java.add(r.size(), r.java().us());
                if (r.c() != null) {
                    c.add(r.size(), r.c().us());
                }
                if (r.floor() != null) {
                    floor.add(r.size(), r.floor().us());
                }
            }
            XYSeriesCollection data = new XYSeriesCollection(java);
            if (c.getItemCount() > 0) {
                data.addSeries(c);
            }
            if (floor.getItemCount() > 0) {
                data.addSeries(floor);
            }
            LogAxis x = new LogAxis(rs.get(0).sizeName());
            LogAxis y = new LogAxis("µs per operation");
            for (LogAxis a : List.of(x, y)) {
                // one tick per decade, labelled 0.01, 1, 100 rather than 10^-2, 10^0, 10^2
                a.setTickUnit(new NumberTickUnit(1));
                a.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            }
            y.setSmallestValue(1e-3);
            x.setSmallestValue(1);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            renderer.setSeriesPaint(0, new Color(0x1f77b4));
            renderer.setSeriesPaint(1, new Color(0xd62728));
            renderer.setSeriesPaint(2, Color.GRAY);
            XYPlot plot = new XYPlot(data, x, y, renderer);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            JFreeChart chart = new JFreeChart(e.getKey(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
            chart.setBackgroundPaint(Color.WHITE);
            Path png = dir.resolve(fileName(e.getKey()));
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 500);
            out.add(png);
        }
        return out;
    }
}
