// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;

import java.util.ArrayList;
import java.util.List;

/**
 * Userspace of the incoming kernel: retrieves each expected session and each of its files by
 * token through {@code /dev/liveupdate}, reads the whole file back through the kernel, hashes
 * it, and finishes the session. What it could not retrieve is reported, not guessed.
 */
public final class Recovery {
    /** A session to retrieve: its name and the tokens of its files. */
    public record Expected(String name, List<Long> tokens) {
        public Expected {
            tokens = List.copyOf(tokens);
        }
    }

    /** What was retrieved, and one sentence per step that failed. */
    public record Result(List<SessionRecord> restored, List<String> failures) {
        public Result {
            restored = List.copyOf(restored);
            failures = List.copyOf(failures);
        }
    }

    private Recovery() {
    }

    public static Result retrieveAll(UserProcess p, int devFd, List<Expected> expected) {
        List<SessionRecord> restored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Expected e : expected) {
            int sfd;
            try {
                sfd = Liveupdate.retrieveSession(p, devFd, e.name());
            } catch (KernelException ex) {
                failures.add("RETRIEVE_SESSION \"" + e.name() + "\": " + ex.getMessage());
                continue;
            }
            List<FileRecord> files = new ArrayList<>();
            for (long token : e.tokens()) {
                try {
                    int fd = Liveupdate.retrieveFd(p, sfd, token);
                    long size = p.fstatSize(fd);
                    byte[] data = p.pread(fd, Math.toIntExact(size), 0);
                    files.add(new FileRecord(token, data.length, WorkloadPlan.sha256(data)));
                    p.close(fd);
                } catch (KernelException ex) {
                    failures.add(String.format("RETRIEVE_FD \"%s\" token 0x%x: %s", e.name(), token, ex.getMessage()));
                }
            }
            restored.add(new SessionRecord(e.name(), files));
            try {
                Liveupdate.finishSession(p, sfd);
                p.close(sfd);
            } catch (KernelException ex) {
                failures.add("FINISH \"" + e.name() + "\": " + ex.getMessage());
            }
        }
        return new Result(restored, failures);
    }
}
