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
        assertEquals("    +1.5 ms     2.3 ms  kernel A: cold boot", lines.get(0));
        assertEquals(" ".repeat(24) + "KHO FDT at 0x1000", lines.get(1));
        assertTrue(lines.get(3).contains("guest relocate        1,234,567 instructions     3.0 ms"), lines.get(3));
        assertTrue(lines.get(4).endsWith("FAILED"), lines.get(4));
        assertEquals(3, t.phases().size());
        assertEquals("kernel B", t.lastFailedPhase());
        assertEquals(2_250_000, t.phases().get(0).nanos());
    }

    /** Start and duration are fixed-width columns before the name: nothing drifts, whatever the figures. */
    @Test
    void columnsStayPutAfterASecondAndOnLongNames() {
        StringWriter sw = new StringWriter();
        long[] now = {0};
        Timeline t = new Timeline(new PrintWriter(sw, true), () -> now[0]);
        String longName = "[100/100] kernel A: reboot(KEXEC) -> relocate, purgatory, entry, and a much longer tail";
        long[][] startsAndDurations = {{1_500_000, 2_250_000}, {1_234_500_000L, 12_345_600_000L},
            {150_000_000_000L, 99_000_000L}, {3_700_000_000_000L, 250_000_000_000L}};
        for (long[] sd : startsAndDurations) {
            now[0] = sd[0];
            t.phase(sd == startsAndDurations[1] ? longName : "short", () -> {
                now[0] += sd[1];
                t.detail("a fact");
            });
        }
        List<String> lines = sw.toString().lines().toList();
        assertEquals(8, lines.size(), sw.toString());
        for (int i = 0; i < lines.size(); i += 2) {
            String h = lines.get(i);
            int name = h.indexOf(i == 2 ? "[100/100]" : "short");
            assertEquals(Timeline.INDENT.length(), name, h);
            assertEquals(Timeline.INDENT.length(), lines.get(i + 1).indexOf("a fact"), lines.get(i + 1));
            assertTrue(h.substring(0, name).endsWith("  "), h);
        }
        assertTrue(lines.get(2).startsWith(" +1234.5 ms 12345.6 ms  "), lines.get(2));
        assertTrue(lines.get(4).startsWith("   +150.0 s    99.0 ms  "), lines.get(4));
        assertTrue(lines.get(6).startsWith("  +3700.0 s    250.0 s  "), lines.get(6));
    }
}
