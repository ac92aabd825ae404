// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.KernelContext;

import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A userspace process on one kernel, as the LUO selftests are: an fd table and the system
 * calls they use. Errors are {@link KernelException}s carrying the errno the syscall would
 * set. Fds 0-2 are taken by stdio, so the first new fd is 3, and the lowest free one is used.
 */
public final class UserProcess {
    public static final String DEV_LIVEUPDATE = "/dev/liveupdate";
    public static final String DEV_NULL = "/dev/null";
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    private static final int FIRST_FD = 3;

    private final KernelContext k;
    /** The device nodes {@code open} finds by path. */
    private final Map<String, MiscDevice> devices = new HashMap<>();
    private final TreeMap<Integer, KernelFile> fds = new TreeMap<>();
    /** The fds in use, so that the lowest free one is found without a walk over all of them. */
    private final BitSet used = new BitSet();

    /** {@code device} (LUO's {@code /dev/liveupdate}) may be null: the kernel then has no such node. */
    public UserProcess(KernelContext k, MiscDevice device) {
        this.k = k;
        if (device != null) {
            devices.put(device.nodeName(), device);
        }
    }

    public KernelContext kernel() {
        return k;
    }

    /** {@code fd_install} of a file whose reference the caller hands over. */
    public int installFd(KernelFile file) {
        int fd = used.nextClearBit(FIRST_FD);
        used.set(fd);
        fds.put(fd, file);
        return fd;
    }

    /** {@code fget}: a new reference to the file behind {@code fd}; EBADF if none. */
    public KernelFile fget(int fd) {
        return file(fd).get();
    }

    private KernelFile file(int fd) {
        KernelFile f = fds.get(fd);
        if (f == null) {
            throw new KernelException(Errno.EBADF, "fd " + fd + " is not open");
        }
        return f;
    }

    /** The open fds and what they refer to. */
    public SortedMap<Integer, String> openFds() {
        TreeMap<Integer, String> m = new TreeMap<>();
        fds.forEach((fd, f) -> m.put(fd, f.describe()));
        return Collections.unmodifiableSortedMap(m);
    }

    public int open(String path) {
        switch (path) {
            case DEV_NULL:
                return installFd(new NullFile());
            default:
                MiscDevice d = devices.get(path);
                if (d != null && d.registered()) {
                    return installFd(d.open());
                }
                throw new KernelException(Errno.ENOENT, path + (path.startsWith("/dev/") ? ": no such device"
                        : ": no such file"));
        }
    }

    /**
     * {@code ioctl(fd, request, arg)}: {@code arg} is the user struct, updated in place with the
     * kernel's outputs. A command the file does not know gives ENOTTY.
     */
    public int ioctl(int fd, int request, byte[] arg) {
        KernelFile f = file(fd);
        try {
            return f.ioctl(this, request, arg);
        } catch (KernelException e) {
            if (e.errno() == Errno.ENOIOCTLCMD) {
                // the VFS turns "no such ioctl" into ENOTTY for userspace
                throw new KernelException(Errno.ENOTTY, e.getMessage());
            }
            throw e;
        }
    }

    /** {@code memfd_create(name, 0)}. */
    public int memfdCreate(String name) {
        return installFd(new ShmemFile(k, name));
    }

    public void ftruncate(int fd, long length) {
        file(fd).truncate(length);
    }

    public int write(int fd, byte[] data) {
        KernelFile f = file(fd);
        int n = f.write(f.pos(), data);
        f.setPos(f.pos() + n);
        return n;
    }

    public int pwrite(int fd, byte[] data, long offset) {
        return file(fd).write(offset, data);
    }

    public byte[] read(int fd, int count) {
        KernelFile f = file(fd);
        byte[] b = f.read(f.pos(), count);
        f.setPos(f.pos() + b.length);
        return b;
    }

    public byte[] pread(int fd, int count, long offset) {
        return file(fd).read(offset, count);
    }

    public long lseek(int fd, long offset, int whence) {
        KernelFile f = file(fd);
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> f.pos();
            case SEEK_END -> f.size();
            default -> throw new KernelException(Errno.EINVAL, "bad whence " + whence);
        };
        if (base + offset < 0) {
            throw new KernelException(Errno.EINVAL, "negative position");
        }
        f.setPos(base + offset);
        return f.pos();
    }

    /** {@code fstat(fd).st_size}. */
    public long fstatSize(int fd) {
        return file(fd).size();
    }

    public void close(int fd) {
        KernelFile f = fds.remove(fd);
        if (f == null) {
            throw new KernelException(Errno.EBADF, "fd " + fd + " is not open");
        }
        used.clear(fd);
        f.put();
    }

    /** Process exit: every fd is closed, lowest first. */
    public void exit() {
        while (!fds.isEmpty()) {
            close(fds.firstKey());
        }
    }
}
