// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.memfd;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.kho.KhoReadGuard;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.liveupdate.LiveupdateFileHandler;
import org.khoemu.kernel.liveupdate.LiveupdateFileOpArgs;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.proc.KernelFile;
import org.khoemu.kernel.proc.ShmemFile;
import org.khoemu.kernel.proc.ShmemFolio;

import java.util.ArrayList;
import java.util.List;

/**
 * The memfd file handler ({@code memfd-v1}, {@code mm/memfd_luo.c}). Preserve pins every page
 * of the file (holes get pages), preserves the data folios through KHO, and describes them in
 * a preserved {@code memfd_luo_ser} plus a preserved vmalloc array of
 * {@code memfd_luo_folio_ser}. The next kernel rebuilds a memfd with the same contents, size
 * and position from those RAM bytes alone.
 */
public final class MemfdLuoHandler implements LiveupdateFileHandler {
    /** Step names of the handler's callbacks, as {@code LuoSteps} lists them. */
    public static final String STEP_PRESERVE = "memfd_luo_preserve";
    public static final String STEP_UNPRESERVE = "memfd_luo_unpreserve";
    public static final String STEP_RETRIEVE = "memfd_luo_retrieve";

    /** How often a folio that KHO refuses (it lies in scratch) is moved before giving up. */
    private static final int MAX_MIGRATIONS = 8;

    /** What the outgoing kernel keeps to undo a preserve ({@code private_data}). */
    /** {@code folios}: each preserved folio as {@code pa | order} (pa is page aligned), 8 bytes a folio. */
    private record Preserved(long[] folios, VmallocArea area, KhoVmalloc desc) {
    }

    private final KernelMode mode;

    /** The handler of the {@link KernelMode#DEFAULT} build. */
    public MemfdLuoHandler() {
        this(KernelMode.DEFAULT);
    }

    /** {@code mode}: what {@code retrieve} checks of the incoming bytes. */
    public MemfdLuoHandler(KernelMode mode) {
        this.mode = mode;
    }

    @Override
    public String compatible() {
        return MemfdLuoSer.COMPATIBLE;
    }

    @Override
    public boolean canPreserve(KernelFile file) {
        return file instanceof ShmemFile;
    }

    @Override
    public void preserve(KernelContext k, LiveupdateFileOpArgs args) {
        k.steps().enter(STEP_PRESERVE);
        ShmemFile file = (ShmemFile) args.file;
        long serPa = k.khoOut().allocPreserve(MemfdLuoSer.SIZE);
        PreservedFolios done = new PreservedFolios();
        VmallocArea area = null;
        try {
            List<ShmemFolio> pinned = file.size() == 0 ? List.of() : file.pinFolios();
            List<MemfdLuoFolioSer> records = new ArrayList<>();
            for (ShmemFolio pin : pinned) {
                ShmemFolio sf = preserveFolio(k, file, pin);
                done.add(sf.folio());
                records.add(new MemfdLuoFolioSer(sf.folio().pfn(), sf.flags(), sf.index()));
            }
            KhoVmalloc desc = new KhoVmalloc(0, 0, (short) 0, (short) 0);
            if (!records.isEmpty()) {
                area = allocArea(k, records.size());
                for (int i = 0; i < records.size(); i++) {
                    records.get(i).writeTo(k.mem(), area.phys((long) i * MemfdLuoFolioSer.SIZE));
                }
                desc = k.khoOut().preserveVmalloc(area);
            }
            new MemfdLuoSer(file.pos(), file.size(), records.size(), desc).writeTo(k.mem(), serPa);
            args.privateData = new Preserved(done.toArray(), area, desc);
        } catch (RuntimeException e) {
            long[] undo = done.toArray();
            for (int i = undo.length - 1; i >= 0; i--) {
                k.khoOut().unpreserveFolio(PreservedFolios.folio(undo[i]));
            }
            freeArea(k, area);
            k.khoOut().unpreserveFree(serPa);
            throw e;
        }
        file.setFrozen(true);
        args.serializedData = serPa;
    }

    /**
     * {@code kho_preserve_folio} of a pinned folio. Pinning moves pages out of CMA, i.e. out of
     * KHO scratch; the model does the same when KHO refuses a folio there (EINVAL). Returns the
     * folio that was preserved: the pinned one, or the copy it was moved to.
     */
    private static ShmemFolio preserveFolio(KernelContext k, ShmemFile file, ShmemFolio pinned) {
        List<Folio> refused = new ArrayList<>();
        ShmemFolio sf = pinned;
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    k.khoOut().preserveFolio(sf.folio());
                    return sf;
                } catch (KernelException e) {
                    if (e.errno() != Errno.EINVAL || attempt == MAX_MIGRATIONS) {
                        throw e;
                    }
                    Folio to = k.pages().allocFolio(sf.folio().order(), false);
                    refused.add(file.migrate(sf, to));
                    // the page cache now holds the copy: preserve (and describe) that one
                    sf = file.folioAt(sf.index());
                }
            }
        } finally {
            refused.forEach(k.pages()::folioPut);
        }
    }

    /** A {@code vcalloc} of {@code n} folio records: zeroed order-0 pieces. */
    private static VmallocArea allocArea(KernelContext k, int n) {
        long bytes = (long) n * MemfdLuoFolioSer.SIZE;
        int pages = (int) ((bytes + Folio.PAGE_SIZE - 1) / Folio.PAGE_SIZE);
        List<Folio> pieces = new ArrayList<>(pages);
        try {
            for (int i = 0; i < pages; i++) {
                pieces.add(k.pages().allocFolio(0, true));
            }
        } catch (RuntimeException e) {
            pieces.forEach(k.pages()::folioPut);
            throw e;
        }
        return new VmallocArea(0, pieces);
    }

    /** {@code vfree}. */
    private static void freeArea(KernelContext k, VmallocArea area) {
        if (area != null) {
            area.pieces().forEach(k.pages()::folioPut);
        }
    }

    @Override
    public void unpreserve(KernelContext k, LiveupdateFileOpArgs args) {
        k.steps().enter(STEP_UNPRESERVE);
        Preserved p = (Preserved) args.privateData;
        if (p.area() != null) {
            k.khoOut().unpreserveVmalloc(p.desc());
        }
        for (long f : p.folios()) {
            k.khoOut().unpreserveFolio(PreservedFolios.folio(f));
        }
        freeArea(k, p.area());
        k.khoOut().unpreserveFree(args.serializedData);
        ((ShmemFile) args.file).setFrozen(false);
    }

    /** The position may have moved since preserve; everything else is fixed by the freeze. */
    @Override
    public void freeze(KernelContext k, LiveupdateFileOpArgs args) {
        k.mem().write64(args.serializedData + MemfdLuoSer.OFF_POS, args.file.pos());
    }

    /**
     * The {@code memfd_luo_ser} that {@code retrieve} or {@code finish} reads at {@code pa}:
     * hardened, null unless it lies in memory the previous kernel preserved; faithful, read as
     * the seed reads it ({@code phys_to_virt}), under the guard.
     */
    private MemfdLuoSer readIncomingSer(KernelContext k, long pa, String function) {
        String refused = KhoReadGuard.check(mode, k.mem(), k.khoIn(), k.log(), function, "memfd_luo_ser", pa,
                MemfdLuoSer.SIZE);
        if (refused != null) {
            k.log().err("memfd_luo", refused);
            return null;
        }
        return MemfdLuoSer.readFrom(k.mem(), pa);
    }

    /** The {@code memfd_luo_ser} at {@code pa}, or null if it would not lie inside RAM. */
    private static MemfdLuoSer readSer(KernelContext k, long pa) {
        if (pa <= 0 || pa > k.mem().size() - MemfdLuoSer.SIZE) {
            return null;
        }
        return MemfdLuoSer.readFrom(k.mem(), pa);
    }

    /** The folio records of {@code ser}, checked against the restored area; null on mismatch. */
    private static VmallocArea restoreArea(KernelContext k, MemfdLuoSer ser) {
        VmallocArea area = k.khoIn().restoreVmalloc(ser.folios());
        // nr_folios is untrusted: compared by division, as nr_folios * 16 overflows for nr >= 2^60
        if (area != null && (ser.nrFolios() < 0 || ser.nrFolios() > area.size() / MemfdLuoFolioSer.SIZE)) {
            k.log().err("memfd_luo", "folio array of " + ser.nrFolios() + " entries does not fit its "
                    + area.size() + "-byte area");
            freeArea(k, area);
            return null;
        }
        return area;
    }

    private static Folio restoreFolio(KernelContext k, long pfn) {
        long pa = pfn << Folio.PAGE_SHIFT;
        return pa < k.mem().size() ? k.khoIn().restoreFolio(pa) : null;
    }

    @Override
    public void retrieve(KernelContext k, LiveupdateFileOpArgs args) {
        k.steps().enter(STEP_RETRIEVE);
        MemfdLuoSer ser = readIncomingSer(k, args.serializedData, STEP_RETRIEVE);
        if (ser == null || ser.size() < 0 || ser.pos() < 0) {
            throw new KernelException(Errno.EINVAL, String.format("memfd_luo_ser at %#x is not valid", args.serializedData));
        }
        ShmemFile file = new ShmemFile(k, "");
        file.setPos(ser.pos());
        file.setSize(ser.size());
        if (ser.nrFolios() != 0) {
            VmallocArea area = restoreArea(k, ser);
            if (area == null) {
                file.put();
                throw new KernelException(Errno.EINVAL, "memfd folio array could not be restored");
            }
            try {
                addFolios(k, file, area, ser.nrFolios());
            } catch (KernelException e) {
                file.put();
                throw e;
            } finally {
                freeArea(k, area);
            }
        }
        args.file = file;
        k.khoIn().restoreFree(args.serializedData);
    }

    private static void addFolios(KernelContext k, ShmemFile file, VmallocArea area, long n) {
        for (long i = 0; i < n; i++) {
            MemfdLuoFolioSer r = MemfdLuoFolioSer.readFrom(k.mem(), area.phys(i * MemfdLuoFolioSer.SIZE));
            if (r.pfn() == 0) {
                continue;
            }
            Folio folio = restoreFolio(k, r.pfn());
            KernelException err = null;
            if (folio == null) {
                k.log().err("memfd_luo", String.format("Unable to restore folio at physical address: %x",
                        r.pfn() << Folio.PAGE_SHIFT));
                err = new KernelException(Errno.EIO, "folio " + i + " could not be restored");
            } else {
                try {
                    file.addFolio(folio, r.index(), r.flags() & (ShmemFolio.DIRTY | ShmemFolio.UPTODATE));
                } catch (KernelException e) {
                    k.pages().folioPut(folio);
                    k.log().err("memfd_luo", "shmem: failed to add to page cache folio index " + i);
                    err = e;
                }
            }
            if (err != null) {
                discard(k, area, i + 1, n);
                throw err;
            }
        }
    }

    /** Restores and frees the folios of records {@code [from, n)}. */
    private static void discard(KernelContext k, VmallocArea area, long from, long n) {
        for (long j = from; j < n; j++) {
            MemfdLuoFolioSer r = MemfdLuoFolioSer.readFrom(k.mem(), area.phys(j * MemfdLuoFolioSer.SIZE));
            Folio f = r.pfn() == 0 ? null : restoreFolio(k, r.pfn());
            if (f != null) {
                k.pages().folioPut(f);
            }
        }
    }

    /** A memfd nobody retrieved: its folios go back to the allocator. */
    @Override
    public void finish(KernelContext k, LiveupdateFileOpArgs args) {
        if (args.retrieved()) {
            return;
        }
        MemfdLuoSer ser = readIncomingSer(k, args.serializedData, "memfd_luo_finish");
        if (ser == null) {
            return;
        }
        if (ser.nrFolios() != 0) {
            VmallocArea area = restoreArea(k, ser);
            if (area != null) {
                discard(k, area, 0, ser.nrFolios());
                freeArea(k, area);
            }
        }
        k.khoIn().restoreFree(args.serializedData);
    }

    @Override
    public long dataSize(KernelContext k, LiveupdateFileOpArgs args) {
        if (args.file != null) {
            return args.file.size();
        }
        MemfdLuoSer ser = readSer(k, args.serializedData);
        return ser == null ? -1 : ser.size();
    }
}
