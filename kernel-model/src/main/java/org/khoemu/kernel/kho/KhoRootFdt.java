// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtEditor;
import org.khoemu.fdt.FdtError;
import org.khoemu.fdt.FdtException;
import org.khoemu.fdt.FdtName;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.fdt.FdtWip;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.PhysMem;

import java.util.LinkedHashMap;
import java.util.Map;

/*
 * Kernel facts this class follows (facts only; no kernel code was copied). Sources:
 * torvalds/linux kernel/liveupdate/kexec_handover.c at 8e068a286aef7e772ec6e8bb4b82e8a5d4153b55
 * ("kho: update FDT dynamically for subtree addition/removal", Pasha Tatashin, Link
 * 20251114190002.3311679-11-pasha.tatashin@soleen.com: the series the LUO v6 seed of
 * 15 Nov 2025 sits on) and, identical in these functions, at dd03dd60e8cdd5ef0f0cbc18276c45009bcc51f4.
 *
 * - kho_init: the page comes from kho_alloc_preserve(PAGE_SIZE) (zeroed, preserved), then
 *   kho_out_fdt_setup runs libfdt's sequential writer once: fdt_create(page, PAGE_SIZE),
 *   fdt_finish_reservemap, fdt_begin_node(""), fdt_property_string("compatible", "kho-v1"),
 *   fdt_property("preserved-memory-map", u64 0, 8 bytes), fdt_end_node, fdt_finish.
 * - kho_add_subtree(name, fdt): fdt_open_into(page, page, PAGE_SIZE) (failure: -ENOMEM, no
 *   pack); fdt_add_subnode(page, 0, name) (-FDT_ERR_EXISTS: -EEXIST, any other failure:
 *   -ENOMEM); fdt_setprop(node, "fdt", &phys, 8) with the raw CPU-endian phys; fdt_pack on
 *   every path after a successful open. A setprop failure leaves the new node in the tree
 *   without its "fdt" property and the kernel returns libfdt's own negative code (e.g.
 *   -FDT_ERR_NOSPACE = -3) as if it were an errno.
 * - kho_remove_subtree(fdt): fdt_open_into (failure: return silently); walk the root's
 *   children in blob order (fdt_first_subnode / fdt_next_subnode); the first whose "fdt" is
 *   8 bytes equal to phys is fdt_del_node'd, then the walk stops; fdt_pack.
 * - kho_finalize -> kho_mem_serialize -> kho_update_memory_map: fdt_getprop_w(page, 0,
 *   "preserved-memory-map"), the old value (if non-zero) is freed as a chunk list, and the
 *   8 value bytes are overwritten in place. No open_into, no pack: a fresh, never-edited page
 *   keeps fdt_finish's layout (reserve map at 0x30) while an edited one has fdt_pack's (0x28).
 *
 * UNVERIFIED: the kernel links its own copy of libfdt (scripts/dtc/libfdt; "DTC
 * 1.7.0-gbcd02b52" in the stored torvalds/linux scripts/dtc/version_gen.h@0401bbf5, the copy
 * in the seed-era tree not checked); the model uses Debian's libfdt 1.6.1. The byte-for-byte
 * oracle (test resource golden/kho-root-v1.c) runs the kernel's call sequence on the same
 * 1.6.1, so it proves the sequence, not that both libfdt versions lay bytes out identically.
 * (The splice / pack / open_into-without-reorder algorithm these edits use is the same in the
 * older kernel copy stored at scripts/dtc/libfdt/fdt_rw.c@067e2601.)
 */

/**
 * The outgoing KHO root FDT page ({@code kho_out.fdt}). RAM is the only state: the tree is
 * created once by libfdt's sequential writer and then edited in place with libfdt's
 * read-write calls in the kernel's order, so the page, including the stale bytes libfdt
 * leaves past {@code totalsize}, equals the kernel's byte for byte. On heap RAM the edits run
 * on a native copy of the page ({@link KhoNativePage}).
 */
public final class KhoRootFdt {
    public static final String PROP_COMPATIBLE = "compatible";
    public static final String PROP_PRESERVED_MEMORY_MAP = "preserved-memory-map";
    /** The constant names pre-encoded once for libfdt. */
    static final FdtName COMPATIBLE_NAME = FdtName.of(PROP_COMPATIBLE);
    static final FdtName PRESERVED_MEMORY_MAP_NAME = FdtName.of(PROP_PRESERVED_MEMORY_MAP);
    private static final FdtName ROOT_NODE_NAME = FdtName.of("");
    /** {@code fdt_create(root, PAGE_SIZE)}: the tree and all its room to grow are one page. */
    public static final int SIZE = (int) Folio.PAGE_SIZE;

    private final PhysMem mem;
    private final long pa;
    private final KhoGeneration gen;

    public KhoRootFdt(PhysMem mem, long pa, KhoGeneration gen) {
        this.mem = mem;
        this.pa = pa;
        this.gen = gen;
    }

    public long pa() {
        return pa;
    }

    /** {@code kho_out_fdt_setup}: the empty tree with a map not yet written (kho-v1). */
    public void setup() {
        setup(0);
    }

    /**
     * {@code kho_out_fdt_setup}: the empty tree, written into the (zeroed) page, pointing at
     * {@code memMap} (kho-v2+: the live radix root; kho-v1: 0 until finalize).
     */
    public void setup(long memMap) {
        KhoNativePage.edit(mem, pa, SIZE, host -> FdtWriter.createAt(host, SIZE)
                .finishReservemap()
                .beginNode(ROOT_NODE_NAME)
                .propertyString(COMPATIBLE_NAME, gen.compatible())
                .propertyRawU64(PRESERVED_MEMORY_MAP_NAME, memMap)
                .endNode()
                .finish());
    }

    /**
     * The FDT part of {@code kho_add_subtree}: EEXIST if {@code name} is taken, ENOMEM if the
     * page cannot be opened or cannot hold the node. If the node fits but its address
     * property does not, the node stays behind without it (as in the kernel) and this throws
     * ENOMEM, where the kernel would return libfdt's raw code (a deviation: see the top).
     * From kho-v3 on the child also gets {@code blob-size} = {@code size}, and a property that
     * does not fit removes the half-built node again (the kernel's fix of April 2026).
     */
    public void addChild(String name, long blob, long size) {
        addChildChecked(name, blob, size);
    }

    /** {@link #addChild(String, long, long)} for a generation without {@code blob-size} (kho-v1, kho-v2). */
    public void addChild(String name, long blob) {
        if (gen.hasBlobSize()) {
            throw new IllegalArgumentException(gen + " children need a blob size");
        }
        addChildChecked(name, blob, 0);
    }

    private void addChildChecked(String name, long blob, long size) {
        KhoNativePage.edit(mem, pa, SIZE, host -> {
            FdtEditor ed = open(host);
            if (ed == null) {
                throw new KernelException(Errno.ENOMEM, "kho_add_subtree(" + name + "): root FDT cannot be opened");
            }
            int node = -1;
            try {
                node = ed.addSubnode(Fdt.ROOT, name);
                ed.setpropRawU64(node, gen.subtreeProperty(), blob);
                if (gen.hasBlobSize()) {
                    ed.setpropRawU64(node, KhoGeneration.PROP_BLOB_SIZE, size);
                }
                return null;
            } catch (FdtException e) {
                if (node >= 0 && gen.hasBlobSize()) {
                    ed.delNode(node);
                }
                // BADVALUE: a NUL inside the name, which no C string can hold
                Errno errno = e.error() == FdtError.EXISTS ? Errno.EEXIST
                        : e.error() == FdtError.BADVALUE ? Errno.EINVAL : Errno.ENOMEM;
                throw new KernelException(errno, "kho_add_subtree(" + name + "): " + e.getMessage());
            } finally {
                ed.pack();
            }
        });
    }

    /** The FDT part of {@code kho_remove_subtree}: deletes the first child (blob order) pointing at {@code blob}. */
    public boolean removeChild(long blob) {
        return KhoNativePage.edit(mem, pa, SIZE, host -> {
            FdtEditor ed = open(host);
            if (ed == null) {
                return false;
            }
            try {
                Fdt fdt = ed.reader();
                for (int node : fdt.subnodes(Fdt.ROOT)) {
                    if (blob == subtreeAddress(fdt, node)) {
                        ed.delNode(node);
                        return true;
                    }
                }
                return false;
            } finally {
                ed.pack();
            }
        });
    }

    /** {@code fdt_open_into(page, page, PAGE_SIZE)}, or null where the kernel's call fails. */
    private static FdtEditor open(long host) {
        try {
            return FdtEditor.openAt(host, SIZE);
        } catch (FdtException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The child's 8-byte address property, or -1 when it has none (or a malformed one). */
    private long subtreeAddress(Fdt fdt, int node) {
        byte[] v = fdt.getprop(node, gen.subtreePropertyName());
        return v != null && v.length == 8 ? Fdt.rawU64(v) : -1;
    }

    /** Children in blob order (newest first) as {@code name -> address}; null for a child without one. */
    public Map<String, Long> children() {
        return KhoNativePage.read(mem, pa, SIZE, host -> {
            Fdt fdt = readable(host, "children");
            Map<String, Long> out = new LinkedHashMap<>();
            for (int node : fdt.subnodes(Fdt.ROOT)) {
                long a = subtreeAddress(fdt, node);
                out.put(fdt.nodeName(node), a == -1 ? null : a);
            }
            return out;
        });
    }

    public boolean hasChild(String name) {
        return children().containsKey(name);
    }

    /** The current {@code preserved-memory-map} value, read from the page. */
    public long memMap() {
        return KhoNativePage.read(mem, pa, SIZE, host -> Fdt.rawU64(memMapValue(host)));
    }

    /** {@code kho_update_memory_map}: overwrites the 8 value bytes in place; the layout stays. */
    public void setMemMap(long map) {
        KhoNativePage.edit(mem, pa, SIZE, host -> {
            memMapValue(host);
            FdtWip.at(host, SIZE).setpropInplaceRawU64(Fdt.ROOT, PROP_PRESERVED_MEMORY_MAP, map);
            return null;
        });
    }

    /** {@code fdt_getprop(page, 0, "preserved-memory-map")}, on a validated page. */
    private byte[] memMapValue(long host) {
        byte[] v = readable(host, "kho_update_memory_map").getprop(Fdt.ROOT, PRESERVED_MEMORY_MAP_NAME);
        if (v == null || v.length != 8) {
            // The kernel dereferences the property unchecked: a page without it oopses there.
            throw new KernelPanic(String.format("KHO root FDT at 0x%x has no 8-byte %s", pa, PROP_PRESERVED_MEMORY_MAP));
        }
        return v;
    }

    /** The page as a validated tree; only something scribbling over the page makes this fail. */
    private Fdt readable(long host, String op) {
        try {
            return Fdt.wrapUntrusted(host, SIZE);
        } catch (FdtException e) {
            throw new KernelPanic(String.format("%s: KHO root FDT at 0x%x is corrupt: %s", op, pa, e.getMessage()));
        }
    }
}
