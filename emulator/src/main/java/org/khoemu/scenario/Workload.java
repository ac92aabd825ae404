// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;

import java.util.ArrayList;
import java.util.List;

/**
 * Userspace of the outgoing kernel: through {@code /dev/liveupdate} (fd {@code devFd}) it creates
 * the plan's sessions, fills a memfd per file with the plan's bytes and preserves it under the
 * plan's token. Every fd stays open: closing an outgoing session fd would unpreserve its files.
 */
public final class Workload {
    private Workload() {
    }

    /** What was preserved, with the SHA-256 of each content as written. */
    public static List<SessionRecord> preserve(UserProcess p, int devFd, WorkloadPlan plan) {
        List<SessionRecord> out = new ArrayList<>();
        for (int i = 0; i < plan.cfg().sessions(); i++) {
            String name = plan.sessionName(i);
            int sfd = Liveupdate.createSession(p, devFd, name);
            List<FileRecord> files = new ArrayList<>();
            for (int j = 0; j < plan.cfg().filesPerSession(); j++) {
                byte[] data = plan.content(i, j);
                int mfd = p.memfdCreate(plan.memfdName(i, j));
                if (data.length > 0 && p.write(mfd, data) != data.length) {
                    throw new IllegalStateException("short write to memfd " + plan.memfdName(i, j));
                }
                Liveupdate.preserveFd(p, sfd, mfd, plan.token(i, j));
                files.add(new FileRecord(plan.token(i, j), data.length, WorkloadPlan.sha256(data)));
            }
            out.add(new SessionRecord(name, files));
        }
        return out;
    }
}
