// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.mm.Folio;

import java.util.List;

/**
 * A memfd: an unlinked shmem file whose data lives in folios from the kernel's page allocator,
 * i.e. in the machine's RAM. Holes read as zeros. While LUO holds it preserved it is frozen
 * ({@code shmem_freeze}): its size can no longer change, so the preserved folios stay the
 * whole file; writes inside the size land in the preserved RAM and so still cross the kexec.
 */
public final class ShmemFile extends KernelFile {
    private static final long PAGE = Folio.PAGE_SIZE;
    /** Largest single read, so that a huge count cannot exhaust the Java heap. */
    public static final int MAX_READ = 64 << 20;

    private final KernelContext k;
    private final String name;
    private final ShmemPageCache cache = new ShmemPageCache();
    private long size;
    private boolean frozen;

    public ShmemFile(KernelContext k, String name) {
        this.k = k;
        this.name = name;
    }

    @Override
    public String describe() {
        return "/memfd:" + name + " (deleted)";
    }

    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    public boolean frozen() {
        return frozen;
    }

    /** {@code shmem_freeze}. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    private ShmemFolio lookup(long pageIndex) {
        return cache.lookup(pageIndex);
    }

    private ShmemFolio allocate(long pageIndex, int flags) {
        return allocate(pageIndex, flags, true);
    }

    private ShmemFolio allocate(long pageIndex, int flags, boolean zero) {
        Folio f = k.pages().allocFolio(0, zero);
        ShmemFolio sf = new ShmemFolio(f, pageIndex, flags);
        cache.put(sf);
        return sf;
    }

    private long physOf(ShmemFolio sf, long pageIndex) {
        return sf.folio().pa() + (pageIndex - sf.index()) * PAGE;
    }

    @Override
    public byte[] read(long at, int count) {
        if (at < 0 || count < 0) {
            throw new KernelException(Errno.EINVAL, "negative offset or count");
        }
        if (at >= size) {
            return new byte[0];
        }
        // a read may return less than asked; the model hands out at most MAX_READ at a time
        int n = (int) Math.min(Math.min(count, MAX_READ), size - at);
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            long off = at + done;
            long page = off / PAGE;
            int inPage = (int) (off % PAGE);
            int chunk = (int) Math.min(n - done, PAGE - inPage);
            long pa = cache.pageAddress(page);
            if (pa >= 0) {
                k.mem().read(pa + inPage, out, done, chunk);
            }
            done += chunk;
        }
        return out;
    }

    @Override
    public int write(long at, byte[] data) {
        if (at < 0) {
            throw new KernelException(Errno.EINVAL, "negative offset");
        }
        if (at > Long.MAX_VALUE - data.length) {
            throw new KernelException(Errno.EINVAL, "write beyond the largest file size");
        }
        long end = at + data.length;
        if (frozen && end > size) {
            throw new KernelException(Errno.EPERM, describe() + " is preserved: it cannot grow");
        }
        int done = 0;
        while (done < data.length) {
            long off = at + done;
            long page = off / PAGE;
            int inPage = (int) (off % PAGE);
            int chunk = (int) Math.min(data.length - done, PAGE - inPage);
            ShmemFolio sf = lookup(page);
            if (sf == null) {
                // a page the write covers whole needs no zeroing first (shmem_write_begin)
                sf = allocate(page, ShmemFolio.UPTODATE, chunk != PAGE);
            }
            k.mem().write(physOf(sf, page) + inPage, data, done, chunk);
            if ((sf.flags() & ShmemFolio.DIRTY) == 0) {
                cache.addFlags(page, ShmemFolio.DIRTY | ShmemFolio.UPTODATE);
            }
            done += chunk;
        }
        size = Math.max(size, end);
        return data.length;
    }

    @Override
    public void truncate(long length) {
        if (length < 0) {
            throw new KernelException(Errno.EINVAL, "negative length");
        }
        if (frozen && length != size) {
            throw new KernelException(Errno.EPERM, describe() + " is preserved: its size is fixed");
        }
        if (length < size) {
            long keepPages = (length + PAGE - 1) / PAGE;
            for (ShmemFolio sf : cache.from(keepPages)) {
                cache.remove(sf.index());
                k.pages().folioPut(sf.folio());
            }
            // the tail of the last page must read as zeros if the file grows again
            ShmemFolio last = length % PAGE != 0 ? lookup(length / PAGE) : null;
            if (last != null) {
                long pa = physOf(last, length / PAGE) + length % PAGE;
                k.mem().fill(pa, PAGE - length % PAGE, (byte) 0);
            }
        }
        size = length;
    }

    /**
     * {@code memfd_pin_folios} over the whole file: every page below {@code size} gets a folio
     * (holes are filled), returned in file order.
     */
    public List<ShmemFolio> pinFolios() {
        long pages = (size + PAGE - 1) / PAGE;
        for (long p = 0; p < pages; p++) {
            if (lookup(p) == null) {
                allocate(p, ShmemFolio.UPTODATE);
            }
        }
        return cache.below(pages);
    }

    /**
     * Moves a folio's contents to {@code to}, as page migration does, and returns the old block,
     * which the caller frees (it may want to keep it out of the allocator for a while).
     */
    public Folio migrate(ShmemFolio sf, Folio to) {
        if (to.order() != sf.folio().order()) {
            throw new IllegalArgumentException("migration keeps the order");
        }
        Folio from = sf.folio();
        k.mem().copy(to.pa(), from.pa(), from.size());
        cache.remove(sf.index());
        cache.put(new ShmemFolio(to, sf.index(), sf.flags()));
        return from;
    }

    /** The folio that holds page offset {@code index} now, or null for a hole. */
    public ShmemFolio folioAt(long index) {
        return cache.lookup(index);
    }

    /** {@code shmem_add_to_page_cache} of a restored folio. */
    public void addFolio(Folio folio, long index, int flags) {
        if (index < 0 || index > Long.MAX_VALUE / PAGE - folio.nrPages()) {
            throw new KernelException(Errno.EINVAL, "page index " + Long.toUnsignedString(index) + " out of range");
        }
        for (long p = index; p < index + folio.nrPages(); p++) {
            if (lookup(p) != null) {
                throw new KernelException(Errno.EEXIST, "page " + p + " already cached");
            }
        }
        cache.put(new ShmemFolio(folio, index, flags));
    }

    /** The restored size, set before the folios are added ({@code i_size = ser->size}). */
    public void setSize(long size) {
        this.size = size;
    }

    public List<ShmemFolio> folios() {
        return List.copyOf(cache.from(0));
    }

    @Override
    protected void release() {
        for (ShmemFolio sf : cache.from(0)) {
            k.pages().folioPut(sf.folio());
        }
        cache.clear();
    }
}
