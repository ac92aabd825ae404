// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Userspace of the incoming kernel: retrieves each expected session and each of its files by
 * token through {@code /dev/liveupdate}, reads the whole file back through the kernel, hashes
 * it, and finishes the session. What it could not retrieve is reported, not guessed.
 */
public final class Recovery {
    /** A session to retrieve: its name and the tokens of its files. */
    public record Expected(SessionName name, List<Long> tokens) {
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

    /** Bytes asked per read(2). */
    static final int READ_CHUNK = 1 << 20;

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
                failures.add("RETRIEVE_SESSION \"" + e.name() + "\": " + Verdict.printable(ex.getMessage()));
                continue;
            }
            List<FileRecord> files = new ArrayList<>();
            for (long token : e.tokens()) {
                try {
                    int fd = Liveupdate.retrieveFd(p, sfd, token);
                    long size = p.fstatSize(fd);
                    if (size > p.kernel().mem().size()) {
                        // every preserved page is in RAM, so no preserved memfd is larger
                        failures.add(String.format("RETRIEVE_FD \"%s\" token 0x%x: st_size %s exceeds RAM (%d bytes); not read",
                                e.name(), token, Long.toUnsignedString(size), p.kernel().mem().size()));
                        files.add(new FileRecord(token, size, ""));
                    } else {
                        files.add(readBack(p, fd, token, size));
                    }
                    p.close(fd);
                } catch (KernelException ex) {
                    failures.add(String.format("RETRIEVE_FD \"%s\" token 0x%x: %s", e.name(), token, Verdict.printable(ex.getMessage())));
                }
            }
            restored.add(new SessionRecord(e.name(), files));
            try {
                Liveupdate.finishSession(p, sfd);
                p.close(sfd);
            } catch (KernelException ex) {
                failures.add("FINISH \"" + e.name() + "\": " + Verdict.printable(ex.getMessage()));
            }
        }
        return new Result(restored, failures);
    }

    /**
     * Reads the whole file through the kernel and hashes it. A read may return less than asked,
     * as {@code read(2)} may, so it loops until end of file; the size is what was read, and a
     * file that reads short of its {@code st_size} says so through a size difference.
     */
    private static FileRecord readBack(UserProcess p, int fd, long token, long size) {
        MessageDigest md = WorkloadPlan.newSha256();
        long at = 0;
        while (at < size) {
            int want = (int) Math.min(READ_CHUNK, size - at);
            byte[] b = p.pread(fd, want, at);
            if (b.length == 0) {
                break;
            }
            md.update(b);
            at += b.length;
        }
        return new FileRecord(token, at, WorkloadPlan.hex(md));
    }
}
