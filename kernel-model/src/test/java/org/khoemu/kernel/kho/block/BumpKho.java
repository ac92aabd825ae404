// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.block;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The page calls a block chain makes, over heap RAM: zeroed pages from a bump pointer (freed
 * ones reused first), the live set kept so a test can count blocks, and ENOMEM at the end of
 * RAM. Only {@code kho_alloc_preserve}, {@code kho_unpreserve_free} and {@code kho_restore_free}.
 */
final class BumpKho implements KhoOutgoing, KhoIncoming {
    private final PhysMem mem;
    private long next;
    private final ArrayDeque<Long> freed = new ArrayDeque<>();
    final Set<Long> live = new HashSet<>();
    final Set<Long> restoredFree = new HashSet<>();

    BumpKho(PhysMem mem, long start) {
        this.mem = mem;
        this.next = start;
    }

    @Override
    public long allocPreserve(long size) {
        if (size != 4096) {
            throw new IllegalArgumentException("blocks are pages: " + size);
        }
        long pa;
        if (!freed.isEmpty()) {
            pa = freed.pop();
        } else if (next + 4096 <= mem.size()) {
            pa = next;
            next += 4096;
        } else {
            throw new KernelException(Errno.ENOMEM, "out of test RAM");
        }
        mem.fill(pa, 4096, (byte) 0);
        live.add(pa);
        return pa;
    }

    @Override
    public void unpreserveFree(long pa) {
        if (!live.remove(pa)) {
            throw new IllegalStateException(String.format("%#x was not allocated", pa));
        }
        freed.push(pa);
    }

    @Override
    public void restoreFree(long pa) {
        if (!restoredFree.add(pa)) {
            throw new IllegalStateException(String.format("%#x freed twice", pa));
        }
    }

    private static UnsupportedOperationException no() {
        return new UnsupportedOperationException("not a block chain call");
    }

    @Override public void preserveFolio(Folio folio) { throw no(); }
    @Override public void unpreserveFolio(Folio folio) { throw no(); }
    @Override public void preservePages(long pa, long nrPages) { throw no(); }
    @Override public void unpreservePages(long pa, long nrPages) { throw no(); }
    @Override public KhoVmalloc preserveVmalloc(VmallocArea area) { throw no(); }
    @Override public void unpreserveVmalloc(KhoVmalloc desc) { throw no(); }
    @Override public void addSubtree(String name, long fdtPa) { throw no(); }
    @Override public void addSubtree(String name, long pa, long size) { throw no(); }
    @Override public org.khoemu.kernel.kho.KhoSubtree retrieveBlob(String name) { throw no(); }
    @Override public void removeSubtree(long fdtPa) { throw no(); }
    @Override public void finalizeKho() { throw no(); }
    @Override public boolean isKhoBoot() { return true; }
    @Override public long retrieveSubtree(String name) { throw no(); }
    @Override public Folio restoreFolio(long pa) { throw no(); }
    @Override public boolean restorePages(long pa, long nrPages) { throw no(); }
    @Override public VmallocArea restoreVmalloc(KhoVmalloc desc) { throw no(); }
}
