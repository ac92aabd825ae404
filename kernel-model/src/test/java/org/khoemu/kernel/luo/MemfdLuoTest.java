// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.proc.UserProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.luo.LuoSessionTest.errno;
import static org.khoemu.kernel.uapi.Liveupdate.createSession;
import static org.khoemu.kernel.uapi.Liveupdate.finishSession;
import static org.khoemu.kernel.uapi.Liveupdate.preserveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveFd;
import static org.khoemu.kernel.uapi.Liveupdate.retrieveSession;

class MemfdLuoTest {
    private final FakeKernel a = FakeKernel.coldBoot();
    private final UserProcess p = a.process();
    private final int dev = p.open(UserProcess.DEV_LIVEUPDATE);

    /**
     * Where the folio records of the memfd whose {@code memfd_luo_ser} is at {@code ser} start:
     * the first piece of its vmalloc area, which the descriptor reaches through the list page
     * FakeKho wrote in RAM (as KHO's descriptor reaches it through its first chunk).
     */
    static long records(FakeKernel k, long ser) {
        return k.mem.read64(MemfdLuoSer.readFrom(k.mem, ser).folios().first());
    }

    /**
     * A folio KHO refuses (as one in scratch) is moved, and the copy is what gets preserved and
     * described: the record names the new frame and kernel B reads the content from it.
     */
    @Test
    void aFolioKhoRefusesIsMovedAndTheCopyPreserved() {
        int s = createSession(p, dev, "moved");
        int m = p.memfdCreate("in-scratch");
        p.write(m, "moved before preserve".getBytes(StandardCharsets.US_ASCII));
        long old = ((org.khoemu.kernel.proc.ShmemFile) p.fget(m)).folioAt(0).folio().pa();
        a.kho.refuse.add(old);
        preserveFd(p, s, m, 7);
        long ser = a.luo.outgoingSessions().get(0).files().get(0).data();
        MemfdLuoFolioSer rec = MemfdLuoFolioSer.readFrom(a.mem, records(a, ser));
        long moved = rec.pfn() << 12;
        assertTrue(moved != old, "the record names the copy, not the refused frame");
        assertEquals(0, a.kho.preserved.get(moved), "the copy is preserved, as an order-0 folio");

        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bm = retrieveFd(q, retrieveSession(q, bdev, "moved"), 7);
        assertEquals("moved before preserve", new String(q.pread(bm, 21, 0), StandardCharsets.US_ASCII));
    }

    @Test
    void contentsSizeAndPositionCrossTheUpdate() {
        int s = createSession(p, dev, "vm");
        int m = p.memfdCreate("guest-ram");
        byte[] tail = "end of file".getBytes(StandardCharsets.US_ASCII);
        p.write(m, "hello kexec world".getBytes(StandardCharsets.US_ASCII));
        p.pwrite(m, tail, 3 * 4096 + 100); // pages 1 and 2 are a hole
        long size = 3 * 4096 + 100 + tail.length;
        preserveFd(p, s, m, 0x1a);
        assertEquals(Errno.EPERM, errno(() -> p.ftruncate(m, 0)));
        assertEquals(Errno.EPERM, errno(() -> p.pwrite(m, new byte[1], size)));
        p.pwrite(m, "H".getBytes(StandardCharsets.US_ASCII), 0); // inside the size: same RAM
        p.lseek(m, 1234, UserProcess.SEEK_SET); // freeze records the position at reboot

        long ser = a.luo.outgoingSessions().get(0).files().get(0).data();
        FakeKernel b = a.kexec();
        MemfdLuoSer s0 = MemfdLuoSer.readFrom(a.mem, ser);
        assertEquals(1234, s0.pos());
        assertEquals(size, s0.size());
        assertEquals(4, s0.nrFolios(), "holes were filled when pinning");
        MemfdLuoFolioSer f0 = MemfdLuoFolioSer.readFrom(a.mem, records(a, ser));
        assertEquals(MemfdLuoFolioSer.DIRTY | MemfdLuoFolioSer.UPTODATE, f0.flags());
        MemfdLuoFolioSer f1 = MemfdLuoFolioSer.readFrom(a.mem, records(a, ser) + MemfdLuoFolioSer.SIZE);
        assertEquals(MemfdLuoFolioSer.UPTODATE, f1.flags());
        assertEquals(1, f1.index());

        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        assertEquals(size, b.luo.incomingSessions().get(0).files().get(0).size());
        int bs = retrieveSession(q, bdev, "vm");
        int bm = retrieveFd(q, bs, 0x1a);
        assertEquals(size, q.fstatSize(bm));
        assertEquals(1234, q.lseek(bm, 0, UserProcess.SEEK_CUR));
        assertEquals("Hello kexec world", new String(q.pread(bm, 17, 0), StandardCharsets.US_ASCII));
        byte[] hole = new byte[4096];
        assertArrayEquals(hole, q.pread(bm, 4096, 4096));
        assertArrayEquals(tail, q.pread(bm, tail.length, 3 * 4096 + 100));
        assertEquals("/memfd: (deleted)", q.openFds().get(bm));

        finishSession(q, bs);
        q.pwrite(bm, new byte[] {1}, size); // no longer frozen: the file is userspace's
        assertEquals(List.of(b.luo.incomingFdtPa()), b.kho.unclaimed(),
                "everything preserved was claimed but the incoming LUO FDT, which LUO keeps");
    }

    @Test
    void anEmptyMemfdHasNoFolios() {
        int s = createSession(p, dev, "e");
        int m = p.memfdCreate("empty");
        preserveFd(p, s, m, 1);
        long ser = a.luo.outgoingSessions().get(0).files().get(0).data();
        FakeKernel b = a.kexec();
        assertEquals(new MemfdLuoSer(0, 0, 0, new org.khoemu.kernel.kho.KhoVmalloc(0, 0, (short) 0, (short) 0)),
                MemfdLuoSer.readFrom(a.mem, ser));
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bm = retrieveFd(q, retrieveSession(q, bdev, "e"), 1);
        assertEquals(0, q.fstatSize(bm));
    }

    @Test
    void anUnretrievedMemfdIsGivenBackAtFinish() {
        int s = createSession(p, dev, "u");
        preserveFd(p, s, p.memfdCreate("x"), 5);
        p.write(p.memfdCreate("unpreserved"), new byte[10]);
        int m = p.memfdCreate("y");
        p.write(m, new byte[9000]);
        preserveFd(p, s, m, 6);
        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int used = b.pages.usedPages();
        finishSession(q, retrieveSession(q, bdev, "u"));
        assertEquals(List.of(b.luo.incomingFdtPa()), b.kho.unclaimed());
        assertTrue(b.pages.usedPages() < used - 3, "three data pages, the ser pages, the array and the vmalloc page");
    }

    @Test
    void aDamagedFolioRecordFailsRetrieveWithEio() {
        damagedRetrieveTwice(LuoUapiChecks.NEWEST, Errno.EIO, "the failure is remembered (retrieve_status, 6.19.11)");
    }

    @Test
    void in6196AFailedRetrieveRunsTheHandlerAgain() {
        damagedRetrieveTwice(LuoUapiChecks.V6_19_6, Errno.EINVAL,
                "6.19.6 keeps no status: the handler runs again and KHO refuses the folio array it already restored");
    }

    private void damagedRetrieveTwice(LuoUapiChecks checks, Errno second, String why) {
        int s = createSession(p, dev, "d");
        int m = p.memfdCreate("x");
        p.write(m, new byte[5000]);
        preserveFd(p, s, m, 5);
        long ser = a.luo.outgoingSessions().get(0).files().get(0).data();
        a.beforeHandover = () -> {
            long rec = records(a, ser) + MemfdLuoFolioSer.SIZE;
            long topPfn = (FakeKernel.RAM >>> 12) - 1; // a page nobody preserved
            a.mem.write64(rec, (a.mem.read64(rec) & ~MemfdLuoFolioSer.PFN_MASK) | topPfn);
        };
        FakeKernel b = a.kexec(new Luo(a.luo.profile(), checks));
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int bs = retrieveSession(q, bdev, "d");
        assertEquals(Errno.EIO, errno(() -> retrieveFd(q, bs, 5)));
        assertTrue(b.log.lines().stream().anyMatch(l -> l.startsWith("memfd_luo: Unable to restore folio at physical address: ")));
        assertEquals(second, errno(() -> retrieveFd(q, bs, 5)), why);
    }

    @Test
    void twoRecordsForOnePageFailRetrieveAndFreeTheRest() {
        int s = createSession(p, dev, "dup");
        int m = p.memfdCreate("x");
        p.write(m, new byte[3 * 4096]);
        preserveFd(p, s, m, 5);
        long ser = a.luo.outgoingSessions().get(0).files().get(0).data();
        a.beforeHandover = () -> a.mem.write64(records(a, ser) + MemfdLuoFolioSer.SIZE + MemfdLuoFolioSer.OFF_INDEX, 0);
        FakeKernel b = a.kexec();
        UserProcess q = b.process();
        int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
        int used = b.pages.usedPages();
        int bs = retrieveSession(q, bdev, "dup");
        assertEquals(Errno.EEXIST, errno(() -> retrieveFd(q, bs, 5)));
        assertTrue(b.log.contains("memfd_luo: shmem: failed to add to page cache folio index 1"));
        assertTrue(b.pages.usedPages() < used, "the folios of the failed file were freed");
    }
}
