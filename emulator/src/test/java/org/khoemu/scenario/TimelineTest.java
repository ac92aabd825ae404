// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.KexecStage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {
    @Test
    void headingsCarryStartAndDurationAndDetailsFollow() {
        StringWriter sw = new StringWriter();
        long[] now = {0};
        Timeline t = new Timeline(new PrintWriter(sw, true), () -> now[0]);
        now[0] = 1_500_000;
        t.phase("kernel A: cold boot", () -> {
            t.detail("KHO FDT at 0x%x", 0x1000);
            now[0] += 2_250_000;
        });
        t.phase("kexec", () -> t.stages(List.of(new KexecStage("relocate", 1234567, 3_000_000))));
        assertThrows(IllegalStateException.class, () -> t.phase("kernel B", () -> {
            throw new IllegalStateException("no");
        }));
        List<String> lines = sw.toString().lines().toList();
        assertEquals(String.format("%9s  %-44s %9s", "+1.5 ms", "kernel A: cold boot", "2.3 ms"), lines.get(0));
        assertEquals("             KHO FDT at 0x1000", lines.get(1));
        assertTrue(lines.get(3).contains("guest relocate        1,234,567 instructions    3.0 ms"), lines.get(3));
        assertTrue(lines.get(4).endsWith("FAILED"), lines.get(4));
        assertEquals(3, t.phases().size());
        assertEquals("kernel B", t.lastFailedPhase());
        assertEquals(2_250_000, t.phases().get(0).nanos());
    }
}
