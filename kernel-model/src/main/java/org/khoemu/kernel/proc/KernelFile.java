// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;

/**
 * A {@code struct file}: reference counted, released when the last reference goes. A file
 * descriptor holds one reference; LUO holds another for every preserved file. The default
 * operations fail as they do for a file without that operation.
 */
public abstract class KernelFile {
    private int refs = 1;
    /** {@code f_pos}. */
    protected long pos;

    /** {@code get_file}. */
    public final KernelFile get() {
        if (refs <= 0) {
            throw new IllegalStateException("get on a released file: " + describe());
        }
        refs++;
        return this;
    }

    /** {@code fput}: the last reference runs {@link #release()}. */
    public final void put() {
        if (refs <= 0) {
            throw new IllegalStateException("fput on a released file: " + describe());
        }
        if (--refs == 0) {
            release();
        }
    }

    public final int refCount() {
        return refs;
    }

    /** {@code file_operations.release}. */
    protected void release() {
    }

    /** What {@code /proc/<pid>/fd/N} would show, e.g. {@code "[luo_session] vm-1"}. */
    public abstract String describe();

    public long pos() {
        return pos;
    }

    public void setPos(long pos) {
        this.pos = pos;
    }

    /** {@code unlocked_ioctl}; returns the ioctl's non-negative result. */
    public int ioctl(UserProcess p, int request, byte[] arg) {
        throw new KernelException(Errno.ENOTTY, describe() + ": no ioctl");
    }

    public byte[] read(long at, int count) {
        throw new KernelException(Errno.EINVAL, describe() + ": not readable");
    }

    public int write(long at, byte[] data) {
        throw new KernelException(Errno.EINVAL, describe() + ": not writable");
    }

    /** {@code i_size}, as {@code fstat} reports it. */
    public long size() {
        return 0;
    }

    public void truncate(long length) {
        throw new KernelException(Errno.EINVAL, describe() + ": cannot be truncated");
    }
}
