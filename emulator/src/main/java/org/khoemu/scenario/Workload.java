// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Userspace of the outgoing kernel: through {@code /dev/liveupdate} (fd {@code devFd}) it creates
 * the plan's sessions, fills a memfd per file with the plan's bytes and preserves it under the
 * plan's token. Every fd stays open: closing an outgoing session fd would unpreserve its files.
 * Contents are written a piece at a time, as a program writing a large file does, so a memfd
 * may be as large as RAM allows.
 */
public final class Workload {
    /** Bytes per write(2); a multiple of 8 (see {@link WorkloadPlan.ContentStream}). */
    static final int WRITE_CHUNK = 1 << 20;

    private Workload() {
    }

    /** What was preserved, with the SHA-256 of each content as written. */
    public static List<SessionRecord> preserve(UserProcess p, int devFd, WorkloadPlan plan) {
        List<SessionRecord> out = new ArrayList<>();
        byte[] buf = new byte[(int) Math.min(WRITE_CHUNK, Math.max(8, plan.cfg().memfdSize()))];
        for (int i = 0; i < plan.cfg().sessions(); i++) {
            SessionName name = SessionName.ofText(plan.sessionName(i));
            int sfd = step("CREATE_SESSION \"" + name + "\"", () -> Liveupdate.createSession(p, devFd, name));
            List<FileRecord> files = new ArrayList<>();
            for (int j = 0; j < plan.cfg().filesPerSession(); j++) {
                String memfd = plan.memfdName(i, j);
                long token = plan.token(i, j);
                int mfd = step("memfd_create(" + memfd + ")", () -> p.memfdCreate(memfd));
                String sha = fill(p, mfd, memfd, plan.contentStream(i, j), buf);
                step(String.format("PRESERVE_FD \"%s\" token 0x%x", name, token), () -> {
                    Liveupdate.preserveFd(p, sfd, mfd, token);
                    return 0;
                });
                files.add(new FileRecord(token, plan.cfg().memfdSize(), sha));
            }
            out.add(new SessionRecord(name, files));
        }
        return out;
    }

    /** Writes the whole stream to {@code fd}, looping over short writes; returns its SHA-256. */
    private static String fill(UserProcess p, int fd, String what, WorkloadPlan.ContentStream content, byte[] buf) {
        MessageDigest md = WorkloadPlan.newSha256();
        while (content.remaining() > 0) {
            int len = content.next(buf, buf.length);
            md.update(buf, 0, len);
            byte[] piece = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
            int off = 0;
            while (off < len) {
                byte[] rest = off == 0 ? piece : java.util.Arrays.copyOfRange(piece, off, len);
                int n = step("write(" + what + ")", () -> p.write(fd, rest));
                if (n <= 0) {
                    throw new IllegalStateException("write(" + what + ") wrote nothing with "
                            + (len - off) + " bytes to go");
                }
                off += n;
            }
        }
        return WorkloadPlan.hex(md);
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
