// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-place edits the way KHO registers sub-blobs in its root FDT. */
class FdtEditorTest {
    private final Memory page = new Memory(4096);

    private long khoRoot() {
        FdtWriter.createAt(Pointer.nativeValue(page), 4096).finishReservemap()
                .beginNode("")
                .propertyString("compatible", "kho-v1")
                .propertyRawU64("preserved-memory-map", 0)
                .endNode().finish();
        return Pointer.nativeValue(page);
    }

    @Test
    void addSubtreesThenPack() {
        FdtEditor ed = FdtEditor.openAt(khoRoot(), 4096);
        assertEquals(4096, ed.totalSize(), "fdt_open_into grows totalsize to the buffer");
        int luo = ed.addSubnode(Fdt.ROOT, "LUO");
        ed.setpropRawU64(luo, "fdt", 0x1_2345_6000L);
        int mb = ed.addSubnode(Fdt.ROOT, "memblock");
        ed.setpropRawU64(mb, "fdt", 0x7000);
        ed.setpropRawU64(Fdt.ROOT, "preserved-memory-map", 0x9000); // replace in place
        ed.pack();
        assertTrue(ed.totalSize() < 4096, "packed " + ed.totalSize());

        Fdt fdt = ed.reader();
        // libfdt 1.6.1 inserts a new subnode before its existing siblings: newest first
        assertEquals(List.of("memblock", "LUO"), fdt.subnodes(Fdt.ROOT).stream().map(fdt::nodeName).toList());
        assertEquals(0x1_2345_6000L, Fdt.rawU64(fdt.getprop(fdt.subnode(Fdt.ROOT, "LUO"), "fdt")));
        assertEquals(0x7000L, Fdt.rawU64(fdt.getprop(fdt.pathOffset("/memblock"), "fdt")));
        assertEquals(0x9000L, Fdt.rawU64(fdt.getprop(Fdt.ROOT, "preserved-memory-map")));
        assertEquals(Dtc.decompile(ed.toBytes()), DtsPrinter.print(fdt));
    }

    @Test
    void duplicateNameIsExists() {
        FdtEditor ed = FdtEditor.openAt(khoRoot(), 4096);
        ed.addSubnode(Fdt.ROOT, "LUO");
        FdtException e = assertThrows(FdtException.class, () -> ed.addSubnode(Fdt.ROOT, "LUO"));
        assertEquals(FdtError.EXISTS, e.error());
        assertEquals("fdt_add_subnode(LUO): FDT_ERR_EXISTS", e.getMessage());
    }

    @Test
    void deleteNodeAndProperty() {
        FdtEditor ed = FdtEditor.openAt(khoRoot(), 4096);
        ed.setpropRawU64(ed.addSubnode(Fdt.ROOT, "LUO"), "fdt", 1);
        ed.setpropString(ed.addSubnode(Fdt.ROOT, "kho_test"), "compatible", "kho-test-v1");
        ed.delNode(ed.reader().subnode(Fdt.ROOT, "LUO"));
        ed.delprop(Fdt.ROOT, "preserved-memory-map");
        Fdt fdt = ed.pack().reader();
        assertEquals(-1, fdt.subnode(Fdt.ROOT, "LUO"));
        assertNull(fdt.getprop(Fdt.ROOT, "preserved-memory-map"));
        assertTrue(fdt.nodeCheckCompatible(fdt.subnode(Fdt.ROOT, "kho_test"), "kho-test-v1"));
        assertEquals(FdtError.NOTFOUND,
                assertThrows(FdtException.class, () -> ed.delprop(Fdt.ROOT, "preserved-memory-map")).error());
    }

    @Test
    void fullBufferIsNospace() {
        long at = khoRoot();
        int used = FdtHeader.readFrom(page).totalsize();
        FdtEditor ed = FdtEditor.openAt(at, used);
        FdtException e = assertThrows(FdtException.class, () -> ed.addSubnode(Fdt.ROOT, "LUO"));
        assertEquals(FdtError.NOSPACE, e.error());
    }

    @Test
    void garbageIsRejectedBeforeLibfdtEditsIt() {
        Memory junk = new Memory(4096);
        junk.clear();
        FdtException e = assertThrows(FdtException.class, () -> FdtEditor.openAt(Pointer.nativeValue(junk), 4096));
        assertEquals(FdtError.BADMAGIC, e.error());
        FdtEditor ed = FdtEditor.openAt(khoRoot(), 4096);
        assertEquals(FdtError.BADOFFSET, assertThrows(FdtException.class, () -> ed.addSubnode(-1, "x")).error());
    }
}
