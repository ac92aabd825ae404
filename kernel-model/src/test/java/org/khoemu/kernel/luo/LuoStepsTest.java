// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.finishSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveSession;

class LuoStepsTest {
    @Test
    void aFullCycleEntersEveryNamedStep() {
        FakeKernel a = FakeKernel.coldBoot();
        UserProcess p = a.process();
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int gone = createSession(p, dev, "gone");
        preserveFd(p, gone, p.memfdCreate("x"), 1);
        p.close(gone);
        int s = createSession(p, dev, "kept");
        preserveFd(p, s, p.memfdCreate("y"), 2);
        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bs = retrieveSession(q, bdev, "kept");
        retrieveFd(q, bs, 2);
        finishSession(q, bs);
        q.close(bs);
        List<String> seen = new ArrayList<>(a.steps);
        seen.addAll(b.steps);
        List<String> missing = new ArrayList<>(LuoSteps.ALL);
        missing.removeAll(new HashSet<>(seen));
        assertEquals(List.of(), missing);
    }

    /** A fault at the freeze of the second session: the first is unfrozen, nothing is finalized. */
    @Test
    void aFaultInjectedAtAStepAbortsTheRebootCleanly() {
        FakeKernel a = FakeKernel.coldBoot();
        UserProcess p = a.process();
        int dev = p.open(UserProcess.DEV_LIVEUPDATE);
        int s1 = createSession(p, dev, "one");
        int m = p.memfdCreate("x");
        p.write(m, new byte[] {1});
        preserveFd(p, s1, m, 1);
        createSession(p, dev, "two");
        int[] freezes = {0};
        a.observer = step -> {
            if (step.equals(LuoSteps.FILE_FREEZE) && ++freezes[0] == 2) {
                throw new IllegalStateException("injected fault at " + step);
            }
        };
        assertThrows(IllegalStateException.class, () -> a.luo.reboot(a));
        assertFalse(a.kho.finalized);
        assertEquals("", a.luo.profile().readSession(a.mem, a.luo.sessionBlockPa(), 0).name());
        a.observer = step -> { };
        a.luo.reboot(a);
        assertTrue(a.kho.finalized);
        assertEquals("one", a.luo.profile().readSession(a.mem, a.luo.sessionBlockPa(), 0).name());
    }
}
