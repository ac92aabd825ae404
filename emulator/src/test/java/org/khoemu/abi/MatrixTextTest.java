// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.junit.jupiter.api.Test;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matrix's table and how a run becomes a cell, on made-up cells and reports (no machine). */
class MatrixTextTest {
    private static AbiMatrix.Cell cell(String a, String b, AbiMatrix.Outcome o, String reason) {
        return new AbiMatrix.Cell(a, b, o, reason);
    }

    @Test
    void rowsAreKernelAColumnsKernelBAndTheLegendNumbersTheRest() {
        List<AbiMatrix.Cell> cells = List.of(
                cell("p", "p", AbiMatrix.Outcome.RESTORED, null),
                cell("p", "quite-long", AbiMatrix.Outcome.REFUSED, "luo: why"),
                cell("quite-long", "p", AbiMatrix.Outcome.FINDING, "session 's' lost"),
                cell("quite-long", "quite-long", AbiMatrix.Outcome.RESTORED, null));
        String t = MatrixText.render(List.of("p", "quite-long"), cells, AbiMatrix.Workload.DEFAULT);
        String table = """
                A \\ B       p            quite-long
                p           restored     refused [1]
                quite-long  finding [2]  restored

                [1] p -> quite-long: refused: luo: why
                [2] quite-long -> p: finding: session 's' lost
                """;
        assertTrue(t.contains(table), t);
        assertTrue(t.startsWith("khoemu abi matrix: 4 live update(s) of 2 session(s) x 1 memfd(s) of 4 KiB, RAM 128 MiB, "
                + "seed 1\n"), t);
    }

    @Test
    void anAllRestoredMatrixHasNoLegend() {
        String t = MatrixText.render(List.of("p"), List.of(cell("p", "p", AbiMatrix.Outcome.RESTORED, null)),
                AbiMatrix.Workload.DEFAULT);
        assertTrue(t.endsWith("A \\ B  p\np      restored\n"), t);
    }

    @Test
    void aRunThatFailedBeforeKernelBJudgedIsKhoemusFailureNotACell() {
        RunReport kexecFailed = new RunReport(ScenarioConfig.defaults(), List.of(), 0, Map.of(), "kexec: boom");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AbiMatrix.judge("a", "b", kexecFailed));
        assertEquals("a -> b: the live update failed before kernel B judged it: khoemu: run: kexec: boom", e.getMessage());
        RunReport refused = new RunReport(ScenarioConfig.defaults(), List.of(), 0, Map.of(), "kernel B panic: luo: x",
                true, "r", "luo: x");
        assertEquals("refused: luo: x", AbiMatrix.judge("a", "b", refused).text());
    }
}
