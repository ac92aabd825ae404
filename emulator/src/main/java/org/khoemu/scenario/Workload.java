// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

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
            int sfd = step("CREATE_SESSION \"" + name + "\"", () -> Liveupdate.createSession(p, devFd, name));
            List<FileRecord> files = new ArrayList<>();
            for (int j = 0; j < plan.cfg().filesPerSession(); j++) {
                byte[] data = plan.content(i, j);
                String memfd = plan.memfdName(i, j);
                long token = plan.token(i, j);
                int mfd = step("memfd_create(" + memfd + ")", () -> p.memfdCreate(memfd));
                int n = step("write(" + memfd + ")", () -> data.length == 0 ? 0 : p.write(mfd, data));
                if (n != data.length) {
                    throw new IllegalStateException("short write to " + memfd + ": " + n + " of " + data.length + " bytes");
                }
                step(String.format("PRESERVE_FD \"%s\" token 0x%x", name, token), () -> {
                    Liveupdate.preserveFd(p, sfd, mfd, token);
                    return 0;
                });
                files.add(new FileRecord(token, data.length, WorkloadPlan.sha256(data)));
            }
            out.add(new SessionRecord(name, files));
        }
        return out;
    }

    /** Runs one system call; an errno becomes a failure naming the call. */
    private static int step(String what, IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (KernelException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }
}
