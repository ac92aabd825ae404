// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.RamImage;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.scenario.Failures;
import org.khoemu.scenario.KernelBResume;
import org.khoemu.scenario.SessionRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel B's restore with each page allocation failing in turn, as iommufd's {@code fail_nth}
 * selftests walk every allocation of an ioctl: for n = 1, 2, … a fresh machine from the clean
 * image, kernel B resumed with its n-th allocation (from when its page allocator is up) failing
 * with ENOMEM, the outcome classified; the sweep ends at the first n the restore never reached.
 * Kernel B must turn every ENOMEM into an errno, a refusal or a handled failure: anything that
 * escapes as another exception is {@link Outcome.Kind#UNCLASSIFIED}, a khoemu bug.
 */
public final class FailNthSweep {
    /** Past this many allocations the sweep stops even if the restore still allocates. */
    public static final int MAX_N = 4096;

    /** One step of the sweep: the allocation that failed and what came of it. */
    public record Step(long n, Outcome outcome) {
    }

    private FailNthSweep() {
    }

    /**
     * Sweeps the handover in {@code clean} (a {@code run} image) resumed by kernel B built as
     * {@code mode}; {@code preserved} is what kernel A preserved (its report). At most
     * {@code maxN} steps.
     */
    public static List<Step> run(Path clean, LuoAbiProfile profile, KernelMode mode, List<SessionRecord> preserved,
                                 int maxN) {
        List<Step> steps = new ArrayList<>();
        for (long n = 1; n <= maxN; n++) {
            RamImage.Loaded l = RamImage.load(clean);
            try (Machine m = l.machine()) {
                long bootParams = l.sidecar().registers().get(X86Reg.RSI);
                KernelLog log = new KernelLog("B");
                KernelBResume r;
                try {
                    r = KernelBResume.run(m.mem(), bootParams, profile, false, log, mode, n);
                } catch (RuntimeException e) {
                    steps.add(new Step(n, new Outcome(Outcome.Kind.UNCLASSIFIED, Failures.kind(e) + ": " + Failures.oneLine(e))));
                    continue;
                }
                boolean reached = r.kernel() == null || r.kernel().pages() == null || r.kernel().pages().failNthFired();
                if (!reached) {
                    return steps; // the restore made fewer than n allocations: every one has failed once
                }
                Outcome o;
                try {
                    o = Outcome.of(r, log, preserved);
                } catch (RuntimeException e) {
                    o = new Outcome(Outcome.Kind.UNCLASSIFIED, Failures.kind(e) + ": " + Failures.oneLine(e));
                }
                steps.add(new Step(n, o));
            }
        }
        return steps;
    }
}
