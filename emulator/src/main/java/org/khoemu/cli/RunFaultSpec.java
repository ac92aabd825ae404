// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.HardwareFaults;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.scenario.FaultMoment;
import org.khoemu.scenario.LiveUpdateScenario;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * {@code run --fault SPEC}: one fault at a moment of the live run instead of in a saved image.
 * {@code MOMENT:FIELD=VALUE} changes a field named as {@code poke} names it (or an FDT property,
 * {@code MOMENT:fdt:PATH:PROP=VALUE}) at {@code after-serialize}, {@code after-kho-finalize} or
 * {@code between-relocation-and-purgatory}; {@code power-loss@STEP} cuts the power at the start of
 * guest step relocation, purgatory or entry; {@code fail-nth=N} fails kernel B's N-th page
 * allocation (counted from when its page allocator is up) with ENOMEM.
 */
record RunFaultSpec(String text, FaultMoment moment, String edit, String powerLoss, long failNth) {
    static final String POWER_LOSS = "power-loss@";
    static final String FAIL_NTH = "fail-nth=";

    /** The forms, for messages and help. */
    static final String FORMS = "MOMENT:FIELD=VALUE (MOMENT: " + Arrays.stream(FaultMoment.values()).map(FaultMoment::key)
            .collect(Collectors.joining(", ")) + "), power-loss@STEP (STEP: relocation, purgatory, entry) or fail-nth=N";

    static RunFaultSpec parse(String text) {
        if (text.startsWith(POWER_LOSS)) {
            String step = text.substring(POWER_LOSS.length());
            if (!HardwareFaults.STEPS.contains(step)) {
                throw new BadFieldException("'" + text + "': no kexec step '" + step + "' (relocation, purgatory, entry)");
            }
            return new RunFaultSpec(text, null, null, step, 0);
        }
        if (text.startsWith(FAIL_NTH)) {
            String n = text.substring(FAIL_NTH.length());
            if (!n.matches("[1-9][0-9]{0,8}")) {
                throw new BadFieldException("'" + text + "': N must be 1 to 999999999");
            }
            return new RunFaultSpec(text, null, null, null, Long.parseLong(n));
        }
        int colon = text.indexOf(':');
        FaultMoment m = colon < 0 ? null : FaultMoment.byKey(text.substring(0, colon));
        if (m == null || text.indexOf('=', colon) < 0) {
            throw new BadFieldException("'" + text + "'");
        }
        return new RunFaultSpec(text, m, text.substring(colon + 1), null, 0);
    }

    /**
     * Arms the fault on {@code s}. An edit that names no field of the handover at its moment
     * stops the run there; {@code error[0]} then holds why.
     */
    void arm(LiveUpdateScenario s, AbiLayout layout, String[] error) {
        if (powerLoss != null) {
            s.powerLossAt(powerLoss);
        } else if (failNth > 0) {
            s.failNth(failNth);
        } else {
            s.faultAt(moment, (mem, h) -> apply(h, layout, mem, error));
        }
    }

    private String apply(HandoverInspection h, AbiLayout layout, PhysicalMemory mem, String[] error) {
        PokeCommand.Change c;
        try {
            c = PokeCommand.fieldChange(h, layout, mem, edit);
        } catch (BadFieldException e) {
            error[0] = e.getMessage();
            throw e;
        }
        byte[] old = new byte[c.bytes().length];
        mem.read(c.pa(), old, 0, old.length);
        mem.write(c.pa(), c.bytes(), 0, c.bytes().length);
        return String.format("%s at 0x%x: %s -> %s", c.name(), c.pa(),
                c.oldHex() != null ? c.oldHex() : HexFormat.of().formatHex(old),
                c.newHex() != null ? c.newHex() : HexFormat.of().formatHex(c.bytes()));
    }
}
