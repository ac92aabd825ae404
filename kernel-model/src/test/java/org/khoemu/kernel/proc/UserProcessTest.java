// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.PageAllocator;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserProcessTest {
    /** Only memory and pages: what a memfd needs. */
    private static final class PagesOnly implements KernelContext, PageAllocator {
        final HeapPhysMem mem = new HeapPhysMem(1 << 20);
        final BitSet used = new BitSet();

        @Override public PhysMem mem() { return mem; }
        @Override public KernelLog log() { return new KernelLog("t"); }
        @Override public StepObserver steps() { return StepObserver.NONE; }
        @Override public String cmdline() { return ""; }
        @Override public PageAllocator pages() { return this; }
        @Override public KhoOutgoing khoOut() { throw new UnsupportedOperationException(); }
        @Override public KhoIncoming khoIn() { throw new UnsupportedOperationException(); }

        @Override
        public Folio allocFolio(int order, boolean zero) {
            int i = used.nextClearBit(1);
            used.set(i);
            mem.fill((long) i << 12, 4096, (byte) 0x77); // dirty RAM: zeroing must be asked for
            if (zero) {
                mem.fill((long) i << 12, 4096, (byte) 0);
            }
            return new Folio((long) i << 12, 0);
        }

        @Override
        public void folioPut(Folio f) {
            if (!used.get((int) f.pfn())) {
                throw new IllegalStateException("double free " + f);
            }
            used.clear((int) f.pfn());
        }
    }

    private final PagesOnly k = new PagesOnly();
    private final UserProcess p = new UserProcess(k, null);

    private static Errno errno(Executable e) {
        return assertThrows(KernelException.class, e).errno();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fdsStartAt3AndReuseTheLowestFree() {
        int a = p.memfdCreate("a");
        int b = p.open(UserProcess.DEV_NULL);
        assertEquals(3, a);
        assertEquals(4, b);
        p.close(a);
        assertEquals(3, p.memfdCreate("c"));
        assertEquals("/memfd:c (deleted)", p.openFds().get(3));
        assertEquals(Errno.EBADF, errno(() -> p.close(9)));
        assertEquals(Errno.EBADF, errno(() -> p.write(9, new byte[1])));
        assertEquals(Errno.ENOENT, errno(() -> p.open("/dev/liveupdate")), "no LUO in this kernel");
        assertEquals(Errno.ENOENT, errno(() -> p.open("/etc/passwd")));
    }

    @Test
    void memfdReadsWritesAndSeeksLikeAFile() {
        int m = p.memfdCreate("m");
        assertEquals(5, p.write(m, ascii("hello")));
        assertEquals(5, p.lseek(m, 0, UserProcess.SEEK_CUR));
        assertEquals(0, p.read(m, 10).length, "at end of file");
        p.lseek(m, 1, UserProcess.SEEK_SET);
        assertArrayEquals(ascii("ell"), p.read(m, 3));
        p.pwrite(m, ascii("XY"), 4095); // straddles a page boundary
        assertEquals(4097, p.fstatSize(m));
        assertArrayEquals(ascii("XY"), p.pread(m, 10, 4095));
        assertArrayEquals(new byte[10], p.pread(m, 10, 100), "untouched bytes are zero");
        assertEquals(Errno.EINVAL, errno(() -> p.lseek(m, -1, UserProcess.SEEK_SET)));
        assertEquals(4097 + 3, p.lseek(m, 3, UserProcess.SEEK_END));
    }

    @Test
    void truncateDropsPagesAndZeroesTheTail() {
        int m = p.memfdCreate("t");
        p.write(m, new byte[3 * 4096]);
        p.pwrite(m, ascii("abcdef"), 4096);
        assertEquals(3, k.used.cardinality());
        p.ftruncate(m, 4096 + 2);
        assertEquals(2, k.used.cardinality());
        p.ftruncate(m, 4096 + 6);
        assertArrayEquals(ascii("ab\0\0\0\0"), p.pread(m, 6, 4096));
        p.ftruncate(m, 10 * 4096);
        assertArrayEquals(new byte[4096], p.pread(m, 4096, 9 * 4096), "a sparse tail reads as zeros");
        assertEquals(2, k.used.cardinality());
        p.close(m);
        assertEquals(0, k.used.cardinality(), "the last close frees the pages");
    }

    @Test
    void devNullSwallowsWritesAndIsEmpty() {
        int n = p.open(UserProcess.DEV_NULL);
        assertEquals(3, p.write(n, ascii("abc")));
        assertEquals(0, p.read(n, 10).length);
        assertEquals(Errno.ENOTTY, errno(() -> p.ioctl(n, 0xBA00, new byte[72])));
        assertEquals(Errno.EINVAL, errno(() -> p.ftruncate(n, 0)));
    }

    @Test
    void exitClosesEverything() {
        p.write(p.memfdCreate("a"), new byte[10]);
        p.write(p.memfdCreate("b"), new byte[10]);
        p.exit();
        assertEquals(0, p.openFds().size());
        assertEquals(0, k.used.cardinality());
    }
}
