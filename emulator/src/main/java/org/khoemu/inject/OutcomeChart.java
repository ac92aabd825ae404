// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.khoemu.scenario.AtomicFiles;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The PNG chart of a campaign: one stacked bar per target class (with both modes, the class's
 * faithful and hardened bars side by side), one colour per outcome, drawn headless with JFreeChart.
 */
public final class OutcomeChart {
    static final int WIDTH = 1100;
    static final int HEIGHT = 620;

    private static final Map<String, Color> COLOURS = Map.of(
            "REJECTED", new Color(0x4c72b0), "DETECTED", new Color(0x55a868), "HARMLESS", new Color(0xb0b0b0),
            "SILENT_CORRUPTION", new Color(0xc44e52), "LEAK", new Color(0xdd8452), "GUEST_FAULT", new Color(0x8172b3),
            "HANG", new Color(0x937860), "UNCLASSIFIED", new Color(0x000000));

    private OutcomeChart() {
    }

    public static void write(Path png, CampaignReport.Header h, List<Campaign.Result> results) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        var table = CampaignReport.table(results);
        boolean modes = table.size() > 1;
        // a class's bars side by side, faithful then hardened
        for (String cls : FaultTargets.CLASSES) {
            table.forEach((mode, byClass) -> {
                var counts = byClass.get(cls);
                if (counts != null) {
                    String column = modes ? cls + " (" + mode.charAt(0) + ")" : cls;
                    counts.forEach((k, v) -> data.addValue(v, k.name(), column));
                }
            });
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(
                String.format("khoemu inject: campaign %s, ABI %s, seed %d, %d run(s)", h.campaign(), h.profile(), h.seed(),
                        results.size()),
                modes ? "target class (f = faithful, h = hardened)" : "target class", "faults", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setShadowVisible(false);
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        for (int i = 0; i < data.getRowCount(); i++) {
            Color c = COLOURS.get(data.getRowKey(i).toString());
            if (c != null) {
                r.setSeriesPaint(i, c);
            }
        }
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT));
    }
}
