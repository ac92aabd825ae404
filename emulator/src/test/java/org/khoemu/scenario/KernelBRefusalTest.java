// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.X86Reg;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kernel B that refuses the handover after booting: v6.19's first open fails with EIO when the
 * incoming sessions cannot be deserialized (abi-reference 4.2). The run records kernel B's own
 * reason, the line it logged, and what kernel A preserved; a run kernel B accepted has none.
 */
class KernelBRefusalTest {
    @Test
    void aFailedFirstOpenIsARefusalInKernelBsWords(@TempDir Path out) {
        var v619 = LuoAbiProfiles.byName("v6.19");
        ScenarioConfig cfg = new ScenarioConfig(2, 1, 4096, 128L << 20, 1, 1, out, v619);
        RunReport r = new LiveUpdateScenario(cfg, new PrintWriter(Writer.nullWriter()), false).beforeKernelB(m -> {
            long block = HandoverInspection.decode(m.mem(), m.cpu().reg(X86Reg.RSI), v619).sessionBlockPa();
            // abi-reference 2.1: v6.19's header is the count alone, at 0; 820 > LUO_SESSION_MAX 819
            m.mem().write64(block, 820);
        }).run();
        assertFalse(r.ok());
        assertFalse(r.panic(), "kernel B booted; its open failed");
        assertTrue(r.failure().contains("EIO"), r.failure());
        assertEquals("luo: Incoming session count 820 exceeds LUO_SESSION_MAX 819", r.refusal());
        assertEquals(1, r.updates().size(), "what kernel A preserved is on record");
        assertEquals(2, r.updates().get(0).preserved().size());
        assertEquals(java.util.List.of("kernel B refused the handover: " + r.refusal()), r.updates().get(0).differences());
    }

    @Test
    void aMismatchIsNoRefusal(@TempDir Path out) {
        ScenarioConfig cfg = new ScenarioConfig(2, 1, 4096, 128L << 20, 1, 1, out, LuoAbiProfiles.DEFAULT);
        RunReport r = new LiveUpdateScenario(cfg, new PrintWriter(Writer.nullWriter()), false).beforeKernelB(m -> {
            long block = HandoverInspection.decode(m.mem(), m.cpu().reg(X86Reg.RSI)).sessionBlockPa();
            // the first byte of entry 0's name: "session-0" becomes "Session-0"
            m.mem().write8(block + LuoAbiProfiles.DEFAULT.sessionHeaderSize(), (byte) 'S');
        }).run();
        assertFalse(r.ok());
        assertNull(r.failure());
        assertNull(r.refusal(), "kernel B took the handover");
    }
}
