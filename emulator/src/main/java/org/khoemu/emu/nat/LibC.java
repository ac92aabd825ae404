// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.nat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The few libc calls guest RAM needs, through JNA direct mapping (one JNI hop per call).
 * Pointers are passed as {@code long} host addresses. Failures throw {@link LastErrorException}
 * carrying errno.
 */
public final class LibC {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MFD_CLOEXEC = 1;
    public static final int FALLOC_FL_KEEP_SIZE = 1;
    public static final int FALLOC_FL_PUNCH_HOLE = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int ENXIO = 6;
    public static final long MAP_FAILED = -1L;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    public static native int memfd_create(String name, int flags) throws LastErrorException;

    /** 1 if {@code fd} is a terminal (stderr's progress line is for people at a terminal). */
    public static native int isatty(int fd);

    public static native int ftruncate(int fd, long length) throws LastErrorException;

    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    public static native int munmap(long addr, long length) throws LastErrorException;

    public static native int fallocate(int fd, int mode, long offset, long len) throws LastErrorException;

    public static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native long pread(int fd, long buf, long count, long offset) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native long memmove(long dst, long src, long n);

    public static native long memset(long dst, int c, long n);
}
