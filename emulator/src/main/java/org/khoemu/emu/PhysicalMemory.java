// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import org.khoemu.emu.nat.DataExtents;
import org.khoemu.emu.nat.LibC;
import org.khoemu.kernel.port.MachineCheck;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Guest RAM: one {@code memfd} mapped {@code MAP_SHARED|MAP_NORESERVE}, so it is sparse (a page
 * costs host memory only once touched), shared zero-copy with the CPU, cheap to clear (punch a
 * hole) and cheap to scan for data ({@code SEEK_DATA}/{@code SEEK_HOLE}). Java reaches it through
 * 1 GiB direct-buffer views, so ordinary accesses are JIT-compiled loads and stores, not JNA calls.
 */
public final class PhysicalMemory implements PhysMem, AutoCloseable {
    public static final long PAGE_SIZE = 4096;
    public static final long MIN_SIZE = 64L << 20;
    public static final long MAX_SIZE = 64L << 30;
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

    private final long size;
    private final long base;
    private final int fd;
    private volatile ByteBuffer[] chunks;

    public PhysicalMemory(long size) {
        if (size < MIN_SIZE || size > MAX_SIZE || (size & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "RAM size 0x%x must be a multiple of 4 KiB between 64 MiB and 64 GiB", size));
        }
        this.size = size;
        int f;
        long b;
        try {
            f = LibC.memfd_create("khoemu-ram", LibC.MFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("memfd_create for guest RAM failed: errno " + e.getErrorCode(), e);
        }
        try {
            LibC.ftruncate(f, size);
            b = LibC.mmap(0, size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED | LibC.MAP_NORESERVE, f, 0);
        } catch (LastErrorException e) {
            LibC.close(f);
            throw new IllegalStateException(String.format("mapping 0x%x bytes of guest RAM failed: errno %d",
                    size, e.getErrorCode()), e);
        }
        this.fd = f;
        this.base = b;
        int n = (int) ((size + CHUNK_MASK) >>> CHUNK_SHIFT);
        ByteBuffer[] cs = new ByteBuffer[n];
        Pointer p = new Pointer(b);
        for (int i = 0; i < n; i++) {
            long off = (long) i << CHUNK_SHIFT;
            cs[i] = p.getByteBuffer(off, Math.min(1L << CHUNK_SHIFT, size - off)).order(ByteOrder.LITTLE_ENDIAN);
        }
        this.chunks = cs;
    }

    @Override
    public long size() {
        return size;
    }

    /** Host address of physical address 0 (for the CPU mapping). */
    long hostBase() {
        return base;
    }

    private void check(long pa, long len) {
        if (pa < 0 || len < 0 || pa > size - len) {
            throw new MachineCheck(String.format("physical access 0x%x+0x%x outside RAM [0, 0x%x)", pa, len, size));
        }
    }

    private ByteBuffer chunk(long pa) {
        ByteBuffer[] cs = chunks;
        if (cs == null) {
            throw new IllegalStateException("guest RAM is closed");
        }
        return cs[(int) (pa >>> CHUNK_SHIFT)];
    }

    /** True when {@code [pa, pa+len)} lies in one 1 GiB view. */
    private static boolean inOneChunk(long pa, long len) {
        return (pa & CHUNK_MASK) + len <= (1L << CHUNK_SHIFT);
    }

    private static int off(long pa) {
        return (int) (pa & CHUNK_MASK);
    }

    @Override
    public byte read8(long pa) {
        check(pa, 1);
        return chunk(pa).get(off(pa));
    }

    @Override
    public short read16(long pa) {
        check(pa, 2);
        return inOneChunk(pa, 2) ? chunk(pa).getShort(off(pa)) : (short) readSlow(pa, 2);
    }

    @Override
    public int read32(long pa) {
        check(pa, 4);
        return inOneChunk(pa, 4) ? chunk(pa).getInt(off(pa)) : (int) readSlow(pa, 4);
    }

    @Override
    public long read64(long pa) {
        check(pa, 8);
        return inOneChunk(pa, 8) ? chunk(pa).getLong(off(pa)) : readSlow(pa, 8);
    }

    @Override
    public void write8(long pa, byte v) {
        check(pa, 1);
        chunk(pa).put(off(pa), v);
    }

    @Override
    public void write16(long pa, short v) {
        check(pa, 2);
        if (inOneChunk(pa, 2)) {
            chunk(pa).putShort(off(pa), v);
        } else {
            writeSlow(pa, 2, v);
        }
    }

    @Override
    public void write32(long pa, int v) {
        check(pa, 4);
        if (inOneChunk(pa, 4)) {
            chunk(pa).putInt(off(pa), v);
        } else {
            writeSlow(pa, 4, v);
        }
    }

    @Override
    public void write64(long pa, long v) {
        check(pa, 8);
        if (inOneChunk(pa, 8)) {
            chunk(pa).putLong(off(pa), v);
        } else {
            writeSlow(pa, 8, v);
        }
    }

    /** A value straddling two 1 GiB views, byte by byte. */
    private long readSlow(long pa, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (chunk(pa + i).get(off(pa + i)) & 0xff);
        }
        return v;
    }

    private void writeSlow(long pa, int n, long v) {
        for (int i = 0; i < n; i++) {
            chunk(pa + i).put(off(pa + i), (byte) (v >>> (8 * i)));
        }
    }

    @Override
    public void read(long pa, byte[] dst, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        check(pa, len);
        while (len > 0) {
            int n = (int) Math.min(len, (1L << CHUNK_SHIFT) - off(pa));
            chunk(pa).get(off(pa), dst, off, n);
            pa += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void write(long pa, byte[] src, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        check(pa, len);
        while (len > 0) {
            int n = (int) Math.min(len, (1L << CHUNK_SHIFT) - off(pa));
            chunk(pa).put(off(pa), src, off, n);
            pa += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void fill(long pa, long len, byte value) {
        check(pa, len);
        chunk(0);
        LibC.memset(base + pa, value & 0xff, len);
    }

    @Override
    public void copy(long dstPa, long srcPa, long len) {
        check(srcPa, len);
        check(dstPa, len);
        chunk(0);
        LibC.memmove(base + dstPa, base + srcPa, len);
    }

    @Override
    public ByteBuffer window(long pa, int len) {
        check(pa, len);
        if (inOneChunk(pa, len)) {
            return chunk(pa).slice(off(pa), len).order(ByteOrder.LITTLE_ENDIAN);
        }
        chunk(0);
        return new Pointer(base).getByteBuffer(pa, len).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long hostAddress(long pa, long len) {
        check(pa, len);
        chunk(0);
        return base + pa;
    }

    /**
     * The NUL-terminated string at {@code pa} (ISO-8859-1, one char per byte), reading at most
     * {@code max} bytes; no NUL in that span is an IllegalArgumentException.
     */
    public String readCString(long pa, int max) {
        check(pa, 0);
        long limit = Math.min(size - pa, max);
        for (long i = 0; i < limit; i++) {
            if (read8(pa + i) == 0) {
                return new String(read(pa, (int) i), StandardCharsets.ISO_8859_1);
            }
        }
        throw new IllegalArgumentException(String.format("no NUL within %d bytes of 0x%x", limit, pa));
    }

    /** Writes {@code s} and a terminating NUL (ISO-8859-1). */
    public void writeCString(long pa, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        check(pa, b.length + 1L);
        write(pa, b);
        write8(pa + b.length, (byte) 0);
    }

    /** True when the 4 KiB page at {@code pa} reads as all zero. */
    public boolean isZeroPage(long pa) {
        check(pa, PAGE_SIZE);
        ByteBuffer c = chunk(pa);
        int o = off(pa);
        for (int i = 0; i < PAGE_SIZE; i += 8) {
            if (c.getLong(o + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ranges {@code {start, end}} of RAM that have ever been touched (memfd data extents); every
     * other byte is zero. Found with SEEK_DATA/SEEK_HOLE, so a sparse 64 GiB RAM is cheap to scan.
     */
    public List<long[]> dataExtents() {
        chunk(0);
        return DataExtents.of(fd, size);
    }

    /** Returns {@code [pa, pa+len)} (page aligned) to the host: it reads as zero afterwards. */
    public void discard(long pa, long len) {
        check(pa, len);
        if (((pa | len) & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("discard 0x%x+0x%x is not page aligned", pa, len));
        }
        chunk(0);
        try {
            LibC.fallocate(fd, LibC.FALLOC_FL_PUNCH_HOLE | LibC.FALLOC_FL_KEEP_SIZE, pa, len);
        } catch (LastErrorException e) {
            // No hole punching on this kernel: clear by hand.
            LibC.memset(base + pa, 0, len);
        }
    }

    /**
     * Address ranges of closed RAMs, oldest first, still reserved (see {@link #close}), and the
     * most address space they may hold before the oldest is unmapped for real.
     */
    private static final ArrayDeque<long[]> RETIRED = new ArrayDeque<>();
    private static long retiredBytes;
    private static long retiredLimit = 1L << 40;

    /** Sets the bound on reserved address space of closed RAMs (tests); returns the old one. */
    static long retiredLimit(long bytes) {
        synchronized (RETIRED) {
            long old = retiredLimit;
            retiredLimit = bytes;
            return old;
        }
    }

    /**
     * Releases the host memory. The address range stays reserved by an anonymous mapping, so
     * something that still holds a view reads zeros instead of crashing the JVM: unmapping at
     * once is not safe, because views escape the closed-flag checks of the accessors
     * ({@link #window} buffers, and {@link #hostAddress} raw addresses that libfdt wrappers in
     * the kernel model keep and pass to native code). The leak is bounded: reserved ranges of
     * closed RAMs are kept up to 1 TiB of address space (under 1 % of x86-64's 128 TiB user
     * space, no memory: NORESERVE and never touched), beyond which the oldest is unmapped.
     * Only a view held across that many later closes could still touch an unmapped range.
     */
    @Override
    public synchronized void close() {
        if (chunks == null) {
            return;
        }
        chunks = null;
        LibC.mmap(base, size, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE | LibC.MAP_FIXED, -1, 0);
        LibC.close(fd);
        synchronized (RETIRED) {
            RETIRED.addLast(new long[] {base, size});
            retiredBytes += size;
            while (retiredBytes > retiredLimit && !RETIRED.isEmpty()) {
                long[] oldest = RETIRED.removeFirst();
                retiredBytes -= oldest[1];
                LibC.munmap(oldest[0], oldest[1]);
            }
        }
    }
}
