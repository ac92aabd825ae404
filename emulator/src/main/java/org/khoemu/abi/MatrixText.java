// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.khoemu.scenario.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code khoemu abi matrix} as a table: one row per kernel A, one column per kernel B, each cell
 * {@code restored}, or {@code refused}/{@code finding} with a number into the legend below, which
 * says each such cell in full (kernel B's own reason, or the first difference) and how to rerun it.
 */
public final class MatrixText {
    private static final String CORNER = "A \\ B";

    private MatrixText() {
    }

    /** {@code profiles} in row (and column) order; {@code cells} row by row, as {@link AbiMatrix#run} gives them. */
    public static String render(List<String> profiles, List<AbiMatrix.Cell> cells, AbiMatrix.Workload w) {
        int n = profiles.size();
        if (cells.size() != n * n) {
            throw new IllegalArgumentException(cells.size() + " cells for " + n + " profiles");
        }
        List<String> legend = new ArrayList<>();
        String[][] grid = new String[n + 1][n + 1];
        grid[0][0] = CORNER;
        for (int i = 0; i < n; i++) {
            grid[0][i + 1] = profiles.get(i);
            grid[i + 1][0] = profiles.get(i);
        }
        for (int k = 0; k < cells.size(); k++) {
            AbiMatrix.Cell c = cells.get(k);
            String shown = c.outcome().word();
            if (c.reason() != null) {
                legend.add(String.format("[%d] %s -> %s: %s", legend.size() + 1, c.kernelA(), c.kernelB(), c.text()));
                shown += " [" + legend.size() + "]";
            }
            grid[k / n + 1][k % n + 1] = shown;
        }
        int[] width = new int[n + 1];
        for (String[] row : grid) {
            for (int j = 0; j <= n; j++) {
                width[j] = Math.max(width[j], row[j].length());
            }
        }
        StringBuilder sb = new StringBuilder(String.format("khoemu abi matrix: %d live update(s) of %d session(s) x %d "
                        + "memfd(s) of %s, RAM %s, seed %d%n", cells.size(), w.sessions(), w.filesPerSession(),
                Units.human(w.memfdSize()), Units.human(w.ramBytes()), w.seed()));
        sb.append("rows: kernel A, which writes the handover; columns: kernel B, which reads it with its own profile\n\n");
        for (String[] row : grid) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j <= n; j++) {
                line.append(String.format("%-" + width[j] + "s", row[j])).append(j < n ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (!legend.isEmpty()) {
            sb.append('\n');
            legend.forEach(l -> sb.append(l).append('\n'));
            sb.append("\nrerun a pair with its timeline: khoemu run --abi-a A --abi-b B -v\n");
        }
        return sb.toString();
    }
}
