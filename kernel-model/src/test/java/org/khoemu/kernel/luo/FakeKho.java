// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.VmallocArea;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test double of KHO for kernel-model unit tests of LUO's own logic (errno paths, undo
 * bookkeeping). It records preservations exactly (unbalanced unpreserves throw) so tests can
 * check that LUO gives back everything it preserved. Its "handover" copies the preservation
 * records (addresses and orders, as KHO's memory map would carry them) to the next kernel's
 * double; a vmalloc area travels as bytes in RAM (a page listing its pieces), so no Java object
 * of one kernel reaches the next. The real KHO formats are covered by the tests module on the
 * emulated machine.
 */
final class FakeKho implements KhoOutgoing, KhoIncoming {
    private final FakePages pages;
    final TreeMap<Long, Integer> preserved = new TreeMap<>();
    final Map<String, Long> subtrees = new LinkedHashMap<>();
    private final boolean khoBoot;
    private final Map<String, Long> incomingSubtrees;
    private final TreeMap<Long, Integer> incomingPreserved;
    boolean finalized;
    RuntimeException finalizeFailure;
    /**
     * Folios refused once with EINVAL, as KHO refuses a folio that lies in scratch (once: the
     * freed frame may come back later as something KHO would take, e.g. a vmalloc piece).
     */
    final java.util.Set<Long> refuse = new java.util.HashSet<>();

    FakeKho(FakePages pages) {
        this(pages, false, Map.of(), new TreeMap<>());
    }

    private FakeKho(FakePages pages, boolean khoBoot, Map<String, Long> subtrees, TreeMap<Long, Integer> preserved) {
        this.pages = pages;
        this.khoBoot = khoBoot;
        this.incomingSubtrees = new LinkedHashMap<>(subtrees);
        this.incomingPreserved = new TreeMap<>(preserved);
    }

    /** The next kernel's KHO: what this one preserved, reserved in {@code next}. */
    FakeKho handover(FakePages next) {
        if (!finalized) {
            throw new IllegalStateException("handover without kho_finalize");
        }
        preserved.forEach(next::reserve);
        return new FakeKho(next, true, subtrees, preserved);
    }

    // ---- outgoing ----

    @Override
    public void preserveFolio(Folio folio) {
        if (refuse.remove(folio.pa())) {
            throw new KernelException(Errno.EINVAL, "folio " + folio + " lies in scratch");
        }
        if (preserved.putIfAbsent(folio.pa(), folio.order()) != null) {
            throw new IllegalStateException("preserved twice: " + folio);
        }
    }

    @Override
    public void unpreserveFolio(Folio folio) {
        if (!Integer.valueOf(folio.order()).equals(preserved.remove(folio.pa()))) {
            throw new IllegalStateException("unpreserve without matching preserve: " + folio);
        }
    }

    @Override
    public void preservePages(long pa, long nrPages) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unpreservePages(long pa, long nrPages) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long allocPreserve(long size) {
        if (size == 0) {
            throw new KernelException(Errno.EINVAL, "size 0");
        }
        int order = 0;
        while ((Folio.PAGE_SIZE << order) < size) {
            order++;
        }
        Folio f = pages.allocFolio(order, true);
        preserveFolio(f);
        return f.pa();
    }

    @Override
    public void unpreserveFree(long pa) {
        Integer order = preserved.get(pa);
        if (order == null) {
            throw new IllegalStateException("unpreserve_free of an unpreserved block " + pa);
        }
        Folio f = new Folio(pa, order);
        unpreserveFolio(f);
        pages.folioPut(f);
    }

    /** Pieces one list page holds: u64 addresses, the last slot kept 0 as the terminator. */
    private static final int LIST_SLOTS = (int) (Folio.PAGE_SIZE / 8) - 1;

    /**
     * The pieces are preserved, and their addresses written to a preserved page of RAM (0
     * terminated); {@code first} is that page, as in KHO the descriptor points at its chunk list.
     */
    @Override
    public KhoVmalloc preserveVmalloc(VmallocArea area) {
        if (area.pieces().size() > LIST_SLOTS) {
            throw new UnsupportedOperationException("the double lists at most " + LIST_SLOTS + " pieces");
        }
        long list = allocPreserve(Folio.PAGE_SIZE);
        area.pieces().forEach(this::preserveFolio);
        for (int i = 0; i < area.pieces().size(); i++) {
            pages.mem().write64(list + 8L * i, area.pieces().get(i).pa());
        }
        return new KhoVmalloc(list, (int) (area.pieces().size() << area.order()), KhoVmalloc.KHO_VMALLOC_ALLOC,
                (short) area.order());
    }

    /** The pieces the list page at {@code desc.first()} names, read from RAM. */
    private List<Folio> listedPieces(KhoVmalloc desc) {
        List<Folio> out = new ArrayList<>();
        for (int i = 0; i < LIST_SLOTS; i++) {
            long pa = pages.mem().read64(desc.first() + 8L * i);
            if (pa == 0) {
                break;
            }
            out.add(new Folio(pa, desc.order()));
        }
        return out;
    }

    @Override
    public void unpreserveVmalloc(KhoVmalloc desc) {
        listedPieces(desc).forEach(this::unpreserveFolio);
        unpreserveFree(desc.first());
    }

    @Override
    public void addSubtree(String name, long fdtPa) {
        if (subtrees.putIfAbsent(name, fdtPa) != null) {
            throw new KernelException(Errno.EEXIST, name);
        }
    }

    @Override
    public void removeSubtree(long fdtPa) {
        subtrees.values().remove(fdtPa);
    }

    @Override
    public void finalizeKho() {
        if (finalizeFailure != null) {
            throw finalizeFailure;
        }
        finalized = true;
    }

    // ---- incoming ----

    @Override
    public boolean isKhoBoot() {
        return khoBoot;
    }

    @Override
    public long retrieveSubtree(String name) {
        Long pa = incomingSubtrees.get(name);
        if (pa == null) {
            throw new KernelException(Errno.ENOENT, name);
        }
        return pa;
    }

    @Override
    public Folio restoreFolio(long pa) {
        Integer order = incomingPreserved.remove(pa);
        return order == null ? null : new Folio(pa, order);
    }

    @Override
    public boolean restorePages(long pa, long nrPages) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restoreFree(long pa) {
        Folio f = restoreFolio(pa);
        if (f == null) {
            throw new IllegalStateException("restore_free of an unpreserved block " + pa);
        }
        pages.folioPut(f);
    }

    /** Rebuilt from the list page in RAM; null if that page was not handed over. */
    @Override
    public VmallocArea restoreVmalloc(KhoVmalloc desc) {
        if (!incomingPreserved.containsKey(desc.first())) {
            return null;
        }
        List<Folio> pieces = listedPieces(desc);
        pieces.forEach(p -> incomingPreserved.remove(p.pa()));
        restoreFree(desc.first());
        return new VmallocArea(desc.order(), pieces);
    }

    /** Preserved blocks of the previous kernel nobody has claimed yet. */
    List<Long> unclaimed() {
        return List.copyOf(incomingPreserved.keySet());
    }

    @Override
    public boolean preservedRange(long pa, long len) {
        var e = incomingPreserved.floorEntry(pa);
        return e != null && pa + len <= e.getKey() + (Folio.PAGE_SIZE << e.getValue());
    }
}
