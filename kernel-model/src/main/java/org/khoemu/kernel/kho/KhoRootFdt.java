// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.FdtException;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outgoing KHO root FDT page. The kernel edits it in place ({@code fdt_open_into},
 * {@code fdt_add_subnode}, {@code fdt_setprop}, {@code fdt_pack}); the model keeps its content
 * (memory-map address, children in call order) and rebuilds the page with libfdt's sequential
 * writer on every change. {@code fdt_add_subnode} inserts a child right after the parent's
 * properties, i.e. before older children, so children are written newest first. The string
 * table order differs from the in-place result (the in-place edit appends {@code "fdt"}).
 */
public final class KhoRootFdt {
    public static final String PROP_COMPATIBLE = "compatible";
    public static final String PROP_PRESERVED_MEMORY_MAP = "preserved-memory-map";

    private final PhysMem mem;
    private final long pa;
    private final KhoMemMapFormat format;
    private final LinkedHashMap<String, Long> children = new LinkedHashMap<>();
    private long memMap;

    public KhoRootFdt(PhysMem mem, long pa, KhoMemMapFormat format) {
        this.mem = mem;
        this.pa = pa;
        this.format = format;
    }

    public long pa() {
        return pa;
    }

    public long memMap() {
        return memMap;
    }

    /** Children as {@code name -> blob address}, in the order they were added. */
    public Map<String, Long> children() {
        return new LinkedHashMap<>(children);
    }

    public boolean hasChild(String name) {
        return children.containsKey(name);
    }

    /** Adds a child and rewrites the page; the child is dropped again if the page cannot hold it. */
    public void addChild(String name, long blob) {
        children.put(name, blob);
        try {
            write();
        } catch (FdtException e) {
            children.remove(name);
            write();
            throw e;
        }
    }

    /** Removes the first child whose address is {@code blob}; false if none. */
    public boolean removeChild(long blob) {
        for (Map.Entry<String, Long> c : children.entrySet()) {
            if (c.getValue() == blob) {
                children.remove(c.getKey());
                write();
                return true;
            }
        }
        return false;
    }

    public void setMemMap(long map) {
        memMap = map;
        write();
    }

    /** Builds the blob as {@code kho_out_fdt_setup} plus the children, and stores it in the page. */
    public void write() {
        FdtWriter w = FdtWriter.create((int) Folio.PAGE_SIZE);
        w.finishReservemap();
        w.beginNode("");
        w.propertyString(PROP_COMPATIBLE, format.compatible());
        w.propertyRawU64(PROP_PRESERVED_MEMORY_MAP, memMap);
        List<Map.Entry<String, Long>> newestFirst = new ArrayList<>(children.entrySet());
        java.util.Collections.reverse(newestFirst);
        for (Map.Entry<String, Long> c : newestFirst) {
            w.beginNode(c.getKey());
            w.propertyRawU64(format.subtreeProperty(), c.getValue());
            w.endNode();
        }
        w.endNode();
        w.finish();
        byte[] blob = w.toBytes();
        mem.fill(pa, Folio.PAGE_SIZE, (byte) 0);
        mem.write(pa, blob);
    }
}
