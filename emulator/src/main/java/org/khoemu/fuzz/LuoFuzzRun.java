// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.luo.LiveupdateDevice;
import org.khoemu.kernel.luo.LuoSession;
import org.khoemu.kernel.luo.LuoSessionFile;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.proc.KernelFile;
import org.khoemu.kernel.proc.ShmemFile;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;
import org.khoemu.serve.ServedMachine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * One lifecycle sequence on a fresh machine, through the device model {@code khoemu serve} uses
 * (processes, fds, ioctl structs as bytes, the real guest-code kexec). After the operations a
 * drain ends every process and finishes every incoming session; then nothing may stay preserved.
 * Invariants: every file preserved at a kexec is retrieved with the bytes, size and position it
 * had at that freeze; errnos only from each operation's documented set; no preserved block left
 * tracked (outgoing) or unrestored (incoming) after the drain; no Java exception.
 */
final class LuoFuzzRun {
    /** Guest RAM of each sequence's machine: the model's files are small. */
    static final long RAM = 64L << 20;
    private static final String[] NAMES = {"s0", "s1", "s2", "s3"};
    private static final long[] TOKENS = {1, 2, 3, 0x1234};
    private static final int MAX_FILE = 3 * 4096 + 300;
    private static final int MAX_KEXECS = 2;

    /** What a file was at the freeze of the kexec that carried it. */
    private record Frozen(byte[] bytes, long size, long pos) {
    }

    private final ReplayId id;
    private final LuoAbiProfile abi;
    private final LuoUapiChecks checks;
    private final SplittableRandom rng;
    private final List<UserProcess> procs = new ArrayList<>();
    /** Successful preserves per session, in order: token -> the file. */
    private final Map<LuoSession, Map<Long, KernelFile>> preserved = new IdentityHashMap<>();
    /** The previous kernel's frozen files: session name -> token -> what it was. */
    private Map<String, Map<Long, Frozen>> expected = new HashMap<>();
    /** (session name, token) pairs already retrieved once in this kernel. */
    private final Set<String> retrievedOnce = new HashSet<>();
    private Set<KhoPreservedBlock> baseline;
    private ServedMachine m;
    /** Sees one line per operation: its step, name, what it chose and its errno (0: success). */
    private final java.util.function.Consumer<String> trace;
    private final StringBuilder detail = new StringBuilder();
    private int kexecs;
    private int verified;
    private int step;
    private String op = "boot";

    LuoFuzzRun(ReplayId id, LuoAbiProfile abi, LuoUapiChecks checks, java.util.function.Consumer<String> trace) {
        this.id = id;
        this.trace = trace;
        this.abi = abi;
        this.checks = checks;
        this.rng = new SplittableRandom(id.seed());
    }

    /** Thrown inside a run to end it with a finding. */
    private final class Broken extends RuntimeException {
        final String invariant;

        Broken(String invariant, String detail) {
            super(detail, null, false, false);
            this.invariant = invariant;
        }
    }

    /** Runs the sequence; null when every invariant held. */
    LuoFuzzFinding run() {
        try (ServedMachine sm = new ServedMachine(RAM, abi, checks)) {
            m = sm;
            baseline = outgoingBlocks();
            for (step = 0; step < id.length(); step++) {
                LuoFuzzOp o = LuoFuzzOp.draw(rng);
                op = o.name();
                detail.setLength(0);
                try {
                    apply(o);
                    trace.accept(String.format("%3d %s: 0", step, what()));
                } catch (KernelException e) {
                    trace.accept(String.format("%3d %s: %s", step, what(), e.errno()));
                    if (!o.errnos.contains(e.errno())) {
                        throw new Broken("errno outside the documented set", e.errno() + " (" + e.getMessage() + ")");
                    }
                }
            }
            op = "drain";
            drain();
            return null;
        } catch (Broken b) {
            return new LuoFuzzFinding(id, step, op, b.invariant, b.getMessage());
        } catch (RuntimeException | Error e) {
            return new LuoFuzzFinding(id, step, op, "Java exception", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Set<KhoPreservedBlock> outgoingBlocks() {
        return new HashSet<>(m.kernel().khoOut().preserved());
    }

    private UserProcess proc() {
        if (procs.isEmpty() || rng.nextInt(8) == 0) {
            procs.add(m.newProcess());
        }
        return procs.get(rng.nextInt(procs.size()));
    }

    /** A random fd of {@code p} whose file passes {@code kind}, or -1. */
    private int fd(UserProcess p, Predicate<KernelFile> kind) {
        List<Integer> fds = new ArrayList<>();
        for (int fd : p.openFds().keySet()) {
            KernelFile f = p.fget(fd);
            try {
                if (kind.test(f)) {
                    fds.add(fd);
                }
            } finally {
                f.put();
            }
        }
        return fds.isEmpty() ? -1 : fds.get(rng.nextInt(fds.size()));
    }

    private static boolean isDevice(KernelFile f) {
        return f instanceof LiveupdateDevice;
    }

    private static boolean isSession(KernelFile f) {
        return f instanceof LuoSessionFile;
    }

    private static boolean isMemfd(KernelFile f) {
        return f instanceof ShmemFile;
    }

    private LuoSession session(UserProcess p, int fd) {
        KernelFile f = p.fget(fd);
        f.put();
        return ((LuoSessionFile) f).session();
    }

    private KernelFile file(UserProcess p, int fd) {
        KernelFile f = p.fget(fd);
        f.put();
        return f;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    /** The operation and what it chose, for the trace. */
    private String what() {
        return detail.length() == 0 ? op : op + " " + detail;
    }

    private void note(String what) {
        detail.append(detail.length() == 0 ? "" : ", ").append(what);
    }

    /** memfd_create, random bytes, a random position. */
    private int memfd(UserProcess p) {
        int fd = p.memfdCreate("fuzz");
        int size = rng.nextInt(MAX_FILE + 1);
        p.pwrite(fd, bytes(size), 0);
        p.lseek(fd, rng.nextInt(size + 1), UserProcess.SEEK_SET);
        return fd;
    }

    private void apply(LuoFuzzOp o) {
        UserProcess p = proc();
        switch (o) {
            case OPEN -> p.open(UserProcess.DEV_LIVEUPDATE);
            case CREATE_SESSION -> {
                UserProcess d = deviceHolder(p);
                String name = NAMES[rng.nextInt(NAMES.length)];
                note("[" + name + "]");
                Liveupdate.createSession(d, device(d), name);
            }
            case RETRIEVE_SESSION -> {
                UserProcess d = deviceHolder(p);
                List<String> incoming = new ArrayList<>(expected.keySet());
                incoming.sort(null);
                String name = !incoming.isEmpty() && rng.nextInt(4) != 0 ? incoming.get(rng.nextInt(incoming.size()))
                        : NAMES[rng.nextInt(NAMES.length)];
                note("[" + name + "]");
                Liveupdate.retrieveSession(d, device(d), name);
            }
            case MEMFD -> memfd(p);
            case PRESERVE_FD -> preserve(p);
            case STAGE1 -> {
                UserProcess d = deviceHolder(p);
                String name = NAMES[rng.nextInt(NAMES.length)];
                note("[" + name + "]");
                int s = Liveupdate.createSession(d, device(d), name);
                LuoSession ls = session(d, s);
                for (int i = rng.nextInt(3); i >= 0; i--) {
                    int fd = memfd(d);
                    long token = TOKENS[i];
                    note(String.format("preserve %#x (%d bytes)", token, d.fstatSize(fd)));
                    Liveupdate.preserveFd(d, s, fd, token);
                    preserved.computeIfAbsent(ls, x -> new LinkedHashMap<>()).put(token, file(d, fd));
                    if (rng.nextBoolean()) {
                        d.close(fd); // LUO keeps its own reference
                    }
                }
            }
            case STAGE2 -> {
                List<String> incoming = new ArrayList<>(expected.keySet());
                if (incoming.isEmpty()) {
                    return;
                }
                incoming.sort(null);
                String name = incoming.get(rng.nextInt(incoming.size()));
                UserProcess d = deviceHolder(p);
                note("[" + name + "]");
                int s = Liveupdate.retrieveSession(d, device(d), name);
                List<Long> tokens = new ArrayList<>(expected.get(name).keySet());
                tokens.sort(null);
                for (long token : tokens) {
                    retrieve(d, s, token);
                }
                if (rng.nextBoolean()) {
                    finish(d, s);
                }
            }
            case WRITE -> {
                int fd = fd(p, LuoFuzzRun::isMemfd);
                if (fd >= 0) {
                    long size = p.fstatSize(fd);
                    p.pwrite(fd, bytes(1 + rng.nextInt(200)), rng.nextLong(size + 101));
                }
            }
            case SEEK -> {
                int fd = fd(p, LuoFuzzRun::isMemfd);
                if (fd >= 0) {
                    p.lseek(fd, rng.nextLong(p.fstatSize(fd) + 1), UserProcess.SEEK_SET);
                }
            }
            case RETRIEVE_FD -> retrieve(p);
            case FINISH -> {
                int s = fd(p, LuoFuzzRun::isSession);
                if (s >= 0) {
                    finish(p, s);
                }
            }
            case CLOSE -> {
                int fd = fd(p, f -> true);
                if (fd >= 0) {
                    p.close(fd);
                }
            }
            case DUP -> {
                int fd = fd(p, f -> true);
                if (fd >= 0) {
                    p.installFd(p.fget(fd));
                }
            }
            case FORK -> {
                UserProcess child = m.newProcess();
                for (int fd : p.openFds().keySet()) {
                    child.installFd(p.fget(fd));
                }
                procs.add(child);
            }
            case EXIT -> {
                procs.remove(p);
                p.exit();
            }
            case KEXEC -> {
                if (kexecs < MAX_KEXECS) {
                    kexec();
                }
            }
        }
    }

    /** FINISH: the session's files are gone, whether it came from the last kernel or (6.19.6) not. */
    private void finish(UserProcess p, int s) {
        LuoSession ls = session(p, s);
        note("[" + ls.name() + "] " + (ls.retrieved() ? "incoming" : "outgoing"));
        Liveupdate.finishSession(p, s);
        preserved.remove(ls);
        if (ls.retrieved()) {
            expected.remove(ls.name());
        }
    }

    /** Mostly the process that has the device open (it is exclusive), else {@code p}. */
    private UserProcess deviceHolder(UserProcess p) {
        if (rng.nextInt(4) != 0) {
            for (UserProcess q : procs) {
                if (fd(q, LuoFuzzRun::isDevice) >= 0) {
                    return q;
                }
            }
        }
        return p;
    }

    /** A device fd of {@code p}, opened first if it has none (as a program does: EBUSY, EIO). */
    private int device(UserProcess p) {
        int dev = fd(p, LuoFuzzRun::isDevice);
        return dev >= 0 ? dev : p.open(UserProcess.DEV_LIVEUPDATE);
    }

    /** A session fd of {@code p}, mostly of the kind asked for (incoming or outgoing), or -1. */
    private int sessionFd(UserProcess p, boolean incoming) {
        int fd = rng.nextInt(4) != 0 ? fd(p, f -> isSession(f) && ((LuoSessionFile) f).session().retrieved() == incoming) : -1;
        return fd >= 0 ? fd : fd(p, LuoFuzzRun::isSession);
    }

    private void preserve(UserProcess p) {
        int s = sessionFd(p, false);
        if (s < 0) {
            return;
        }
        // mostly a memfd; sometimes any fd (a session, the device: ENOENT) or one not open (EBADF)
        int f = rng.nextInt(10) == 0 ? (rng.nextBoolean() ? fd(p, x -> true) : 99) : fd(p, LuoFuzzRun::isMemfd);
        if (f < 0) {
            return;
        }
        long token = TOKENS[rng.nextInt(TOKENS.length)];
        LuoSession ls = session(p, s);
        note(String.format("[%s] %s fd %d token %#x", ls.name(), ls.retrieved() ? "incoming" : "outgoing", f, token));
        Liveupdate.preserveFd(p, s, f, token);
        preserved.computeIfAbsent(ls, x -> new LinkedHashMap<>()).put(token, file(p, f));
    }

    private void retrieve(UserProcess p) {
        int s = sessionFd(p, true);
        if (s < 0) {
            return;
        }
        LuoSession ls = session(p, s);
        List<Long> tokens = new ArrayList<>(expected.getOrDefault(ls.name(), Map.of()).keySet());
        tokens.sort(null);
        long token = !tokens.isEmpty() && rng.nextInt(4) != 0 ? tokens.get(rng.nextInt(tokens.size()))
                : TOKENS[rng.nextInt(TOKENS.length)];
        retrieve(p, s, token);
    }

    /** RETRIEVE_FD, and the comparison with the freeze the first time a token comes back. */
    private void retrieve(UserProcess p, int s, long token) {
        LuoSession ls = session(p, s);
        Frozen want = ls.retrieved() ? expected.getOrDefault(ls.name(), Map.of()).get(token) : null;
        String key = ls.name() + "/" + token;
        int fd;
        try {
            note(String.format("[%s] %s token %#x", ls.name(), ls.retrieved() ? "incoming" : "outgoing", token));
            fd = Liveupdate.retrieveFd(p, s, token);
        } catch (KernelException e) {
            if (want != null && !retrievedOnce.contains(key) && e.errno() != Errno.ENOMEM) {
                throw new Broken("a file preserved at the freeze cannot be retrieved",
                        String.format("[%s] token %#x: %s (%s)", ls.name(), token, e.errno(), e.getMessage()));
            }
            throw e;
        }
        if (!ls.retrieved()) {
            return; // 6.19.6 lets an outgoing session run the handler's retrieve: nothing crossed a kexec
        }
        if (want == null) {
            throw new Broken("a retrieved file was never preserved", String.format("[%s] token %#x", ls.name(), token));
        }
        if (!retrievedOnce.add(key)) {
            return; // the same file again, as it is now (it may have been written since)
        }
        KernelFile got = file(p, fd);
        byte[] now = got.size() > Integer.MAX_VALUE ? new byte[0] : got.read(0, (int) got.size());
        if (got.size() != want.size() || got.pos() != want.pos() || !Arrays.equals(now, want.bytes())) {
            throw new Broken("retrieved file differs from the freeze", String.format(
                    "[%s] token %#x: size %d pos %d, at the freeze size %d pos %d%s", ls.name(), token, got.size(),
                    got.pos(), want.size(), want.pos(), Arrays.equals(now, want.bytes()) ? "" : ", bytes differ"));
        }
        verified++;
    }

    /** Kexecs the sequence went through. */
    int kexecs() {
        return kexecs;
    }

    /** Retrieved files compared with their freeze. */
    int verified() {
        return verified;
    }

    /** The outgoing sessions some process still holds: what the reboot serializes. */
    private Map<String, LuoSession> liveOutgoing() {
        Map<String, LuoSession> live = new LinkedHashMap<>();
        for (UserProcess p : procs) {
            for (int fd : p.openFds().keySet()) {
                KernelFile f = file(p, fd);
                if (f instanceof LuoSessionFile sf && !sf.session().retrieved()) {
                    live.put(sf.session().name(), sf.session());
                }
            }
        }
        return live;
    }

    private void kexec() {
        Map<String, Map<Long, Frozen>> next = new HashMap<>();
        liveOutgoing().forEach((name, s) -> {
            Map<Long, Frozen> files = new HashMap<>();
            preserved.getOrDefault(s, Map.of()).forEach((token, f) ->
                    files.put(token, new Frozen(f.read(0, (int) f.size()), f.size(), f.pos())));
            next.put(name, files);
        });
        note(next.size() + " outgoing session(s)");
        m.kexec();
        kexecs++;
        procs.clear(); // the old kernel's processes did not survive the reboot
        preserved.clear();
        retrievedOnce.clear();
        expected = next;
        baseline = outgoingBlocks();
    }

    /**
     * Every process ends (outgoing sessions unpreserve, retrieved ones finish implicitly), then a
     * last process takes and closes every incoming session nobody retrieved. Nothing of the
     * sessions may stay preserved: the outgoing KHO tracking is back to what it was at boot, and
     * no block of the previous kernel's handover is left unrestored.
     */
    private void drain() {
        procs.forEach(UserProcess::exit);
        procs.clear();
        Set<KhoPreservedBlock> left = outgoingBlocks();
        left.removeAll(baseline);
        if (!left.isEmpty()) {
            throw new Broken("preserved pages leak after every session closed", left.size() + " block(s) still "
                    + "tracked by KHO, first at " + String.format("%#x", left.iterator().next().pa()));
        }
        UserProcess last = m.newProcess();
        int dev = last.open(UserProcess.DEV_LIVEUPDATE);
        for (LuoSessionInfo s : m.luo().incomingSessions()) {
            if (!s.retrieved()) {
                Liveupdate.retrieveSession(last, dev, s.name().toString());
            }
        }
        last.exit();
        // LUO keeps the incoming LUO FDT for the whole boot (luo_core.c never frees fdt_in)
        List<KhoPreservedBlock> leaked = m.kernel().khoIn().leakedBlocks().stream()
                .filter(blk -> blk.pa() != m.luo().incomingFdtPa()).toList();
        if (!leaked.isEmpty()) {
            throw new Broken("preserved pages leak after every session finished", leaked.size() + " handed-over "
                    + "block(s) never restored, first at " + String.format("%#x", leaked.get(0).pa()));
        }
    }
}
