// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.LiveupdateIoctl;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One connection: a supervisor (all processes of one {@code khoemu exec}) or a command such as
 * {@code khoemu kexec}. The supervisor's LUO files live in one {@link UserProcess} of the kernel
 * that was running when it connected; its "fds" on the wire are that process's fds. When the
 * connection ends, the process exits and every file it held is released, as at exit(2).
 */
final class ServeClient implements Runnable {
    private final SocketChannel ch;
    private final ServedMachine m;
    private final PrintWriter log;
    private final Runnable stop;
    /** Every open connection; guarded by {@code m}'s monitor like all state. */
    private final Set<ServeClient> clients;
    private UserProcess proc;
    private int generation;
    /** Served fds of imported memfds, and the supervisor's copy of each on the host. */
    private final Map<Integer, Path> imports = new TreeMap<>();

    ServeClient(SocketChannel ch, ServedMachine m, PrintWriter log, Runnable stop, Set<ServeClient> clients) {
        this.ch = ch;
        this.m = m;
        this.log = log;
        this.stop = stop;
        this.clients = clients;
    }

    @Override
    public void run() {
        synchronized (m) {
            clients.add(this);
        }
        try (ch) {
            for (;;) {
                ByteBuffer h = ServeProtocol.read(ch, 8);
                int op = h.getInt();
                int len = h.getInt();
                if (len < 0 || len > ServeProtocol.MAX_PAYLOAD) {
                    log.println("khoemu serve: request of " + Integer.toUnsignedString(len) + " bytes refused");
                    return;
                }
                ByteBuffer req = ServeProtocol.read(ch, len);
                ByteBuffer rep;
                synchronized (m) {
                    rep = handle(op, req);
                }
                ServeProtocol.reply(ch, rep.flip());
                if (op == ServeProtocol.OP_STOP) {
                    stop.run();
                    return;
                }
            }
        } catch (EOFException | AsynchronousCloseException e) {
            // the supervisor is gone, or a kexec ended its kernel: its process exits below
        } catch (IOException | RuntimeException e) {
            log.println("khoemu serve: connection ended: " + e.getMessage());
        } finally {
            synchronized (m) {
                clients.remove(this);
                exitProcess();
            }
        }
    }

    private void exitProcess() {
        if (proc != null && generation == m.generation()) {
            proc.exit();
        }
        proc = null;
    }

    /** The process of this connection on the running kernel; ESTALE when that kernel was kexec'd away. */
    private UserProcess process() {
        if (proc == null) {
            proc = m.newProcess();
            generation = m.generation();
        } else if (generation != m.generation()) {
            throw new KernelException(Errno.EIO, "the kernel these files belong to was replaced by a kexec");
        }
        return proc;
    }

    private ByteBuffer handle(int op, ByteBuffer req) {
        try {
            return switch (op) {
                case ServeProtocol.OP_OPEN -> s32(process().open(UserProcess.DEV_LIVEUPDATE));
                case ServeProtocol.OP_IMPORT -> s32(importFile(req));
                case ServeProtocol.OP_RELEASE -> release(req.getInt());
                case ServeProtocol.OP_IOCTL -> ioctl(req);
                case ServeProtocol.OP_KEXEC -> kexec();
                case ServeProtocol.OP_STOP -> s32(0);
                default -> s32(-Errno.EINVAL.value());
            };
        } catch (KernelException e) {
            return op == ServeProtocol.OP_IOCTL ? ioctlReply(-e.errno().value(), new byte[0], ServeProtocol.OUT_NONE)
                    : s32(-e.errno().value());
        }
    }

    private static ByteBuffer s32(int v) {
        return ServeProtocol.le(4).putInt(v);
    }

    private ByteBuffer release(int fd) {
        if (proc != null && generation == m.generation()) {
            proc.close(fd);
        }
        return s32(0);
    }

    /** A host file given to PRESERVE_FD: a memfd becomes a shmem file with its bytes and position. */
    private int importFile(ByteBuffer req) {
        long kind = req.getLong();
        long pos = req.getLong();
        long pid = req.getLong();
        long hostFd = req.getLong();
        UserProcess p = process();
        if (kind != 1) {
            // a file LUO has no handler for: the model's /dev/null is such a file
            return p.open(UserProcess.DEV_NULL);
        }
        byte[] bytes = new byte[req.remaining()];
        req.get(bytes);
        int fd = p.memfdCreate("memfd");
        p.pwrite(fd, bytes, 0);
        p.lseek(fd, pos, UserProcess.SEEK_SET);
        imports.put(fd, Path.of("/proc", Long.toString(pid), "fd", Long.toString(hostFd)));
        return fd;
    }

    /**
     * Before a kexec: each imported memfd's bytes and position as the host has them now (writes
     * after PRESERVE_FD reach the preserved pages, as on a real kernel), read through the
     * supervisor's copy. A size change is not copied (a preserved memfd cannot change size) and
     * is reported instead. Returns one line per file not synced.
     */
    List<String> syncImports() {
        List<String> notes = new ArrayList<>();
        if (proc == null || generation != m.generation()) {
            return notes;
        }
        imports.forEach((fd, host) -> {
            try {
                byte[] now = Files.readAllBytes(host);
                long size = proc.fstatSize(fd);
                if (now.length != size) {
                    notes.add(String.format("%s: size changed from %d to %d after PRESERVE_FD; the preserved %d bytes go "
                            + "to the next kernel", host, size, now.length, size));
                    return;
                }
                if (!Arrays.equals(now, proc.pread(fd, now.length, 0))) {
                    proc.pwrite(fd, now, 0);
                }
                proc.lseek(fd, position(host), UserProcess.SEEK_SET);
            } catch (IOException | RuntimeException e) {
                notes.add(host + ": not synced: " + e.getMessage());
            }
        });
        return notes;
    }

    /** The file position from {@code /proc/PID/fdinfo/FD}. */
    private static long position(Path fdPath) throws IOException {
        Path info = fdPath.getParent().resolveSibling("fdinfo").resolve(fdPath.getFileName());
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("pos:")) {
                return Long.parseLong(line.substring(4).trim());
            }
        }
        throw new IOException(info + ": no pos line");
    }

    private ByteBuffer ioctl(ByteBuffer req) {
        int fd = req.getInt();
        int request = req.getInt();
        int dropAfter = req.getInt();
        byte[] arg = new byte[req.remaining()];
        req.get(arg);
        UserProcess p = process();
        try {
            int ret = p.ioctl(fd, request, arg);
            int out = ServeProtocol.OUT_NONE;
            if (request == LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION
                    || request == LiveupdateIoctl.LIVEUPDATE_IOCTL_RETRIEVE_SESSION) {
                out = ServeProtocol.OUT_LUO_FILE;
            } else if (request == LiveupdateIoctl.LIVEUPDATE_SESSION_RETRIEVE_FD) {
                return retrieved(ret, arg);
            }
            return ioctlReply(ret, arg, out);
        } finally {
            if (dropAfter >= 0) {
                p.close(dropAfter);
            }
        }
    }

    /** RETRIEVE_FD's new file goes to the host as bytes and position; the served fd is closed. */
    private ByteBuffer retrieved(int ret, byte[] arg) {
        int fd = org.khoemu.kernel.uapi.UserBytes.le(arg).getInt(4);
        UserProcess p = proc;
        long size = p.fstatSize(fd);
        long pos = p.lseek(fd, 0, UserProcess.SEEK_CUR);
        if (size > ServeProtocol.MAX_PAYLOAD - 64) {
            p.close(fd);
            throw new KernelException(Errno.ENOMEM, "retrieved file too large to export");
        }
        byte[] bytes = p.pread(fd, (int) size, 0);
        p.close(fd);
        ByteBuffer b = ServeProtocol.le(16 + arg.length + 16 + bytes.length);
        b.putInt(ret).putInt(arg.length).put(arg).putInt(ServeProtocol.OUT_MEMFD);
        b.putLong(pos).putLong(bytes.length).put(bytes);
        return b;
    }

    private static ByteBuffer ioctlReply(int ret, byte[] arg, int out) {
        return ServeProtocol.le(12 + arg.length).putInt(ret).putInt(arg.length).put(arg).putInt(out);
    }

    /**
     * The processes of the old kernel did not survive the reboot: closing their connections tells
     * each supervisor to kill what it supervises.
     */
    private void endStaleClients() {
        for (ServeClient c : clients) {
            if (c.proc != null && c.generation != m.generation()) {
                c.hangUp();
            }
        }
    }

    /** Ends this connection from another thread; the supervisor then kills what it supervises. */
    void hangUp() {
        try {
            ch.close();
        } catch (IOException e) {
            log.println("khoemu serve: " + e.getMessage());
        }
    }

    private ByteBuffer kexec() {
        String msg;
        int status = 0;
        try {
            List<String> notes = new ArrayList<>();
            clients.forEach(c -> notes.addAll(c.syncImports()));
            msg = m.kexec();
            endStaleClients();
            if (!notes.isEmpty()) {
                msg += "\n" + String.join("\n", notes);
            }
        } catch (RuntimeException e) {
            status = 1;
            msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        log.println("khoemu serve: kexec: " + msg);
        byte[] b = msg.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ServeProtocol.le(4 + b.length).putInt(status).put(b);
    }
}
