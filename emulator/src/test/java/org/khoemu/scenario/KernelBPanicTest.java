// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kernel B that panics on the handover stops the run with the kernel's own reason, once. */
class KernelBPanicTest {
    /** Replaces the first {@code from} in the page at {@code pa} by {@code to} (same length). */
    static void patch(Machine m, long pa, String from, String to) {
        byte[] page = m.mem().read(pa, 4096);
        String s = new String(page, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        assertTrue(at >= 0, from + " not found");
        m.mem().write(pa + at, to.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aPatchedSessionCompatibleIsKernelBsPanicLine(@TempDir Path out) {
        ScenarioConfig cfg = new ScenarioConfig(1, 1, 4096, 128L << 20, 1, 1, out, LuoAbiProfiles.DEFAULT);
        StringWriter sw = new StringWriter();
        RunReport r = new LiveUpdateScenario(cfg, new PrintWriter(sw, true), false).beforeKernelB(m -> {
            long luoFdt = HandoverInspection.decode(m.mem(), m.cpu().reg(X86Reg.RSI)).luo().pa();
            patch(m, luoFdt, "luo-session-v1", "luo-session-v9");
        }).run();
        assertTrue(r.panic());
        assertFalse(r.ok());
        assertEquals("khoemu: kernel B panic: luo: Session node incompatible [luo-session-v1]", r.failureLine());
        assertTrue(sw.toString().contains("kernel B: boot from handover (RAM + boot_params only)"), sw.toString());
        assertTrue(sw.toString().contains("FAILED"), sw.toString());
        assertFalse(sw.toString().contains("Session node incompatible"), "the reason is printed once, by the caller: " + sw);
    }
}
