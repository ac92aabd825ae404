// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.KhoData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kho_retrieve_subtree} against a root FDT written by hand (a foreign old kernel). */
class KhoRetrieveSubtreeTest {
    @Test
    void childWithoutAnEightByteFdtPropertyIsEinval() {
        HeapPhysMem mem = new HeapPhysMem(16 << 20);
        FdtWriter w = FdtWriter.create(4096);
        w.finishReservemap().beginNode("").propertyString("compatible", "kho-v1")
                .propertyRawU64("preserved-memory-map", 0x200000);
        w.beginNode("short").propertyRawU32("fdt", 0x1000).endNode();
        w.beginNode("none").propertyRawU64("data", 0x1000).endNode();
        w.beginNode("good").propertyRawU64("fdt", 0x345000).endNode();
        w.endNode().finish();
        mem.write(0x100000, w.toBytes());
        new KhoScratch(0x400000, 0x200000).writeTo(mem, 0x101000);
        Memblock mb = new Memblock(mem, new AllocationLog());
        KernelLog log = new KernelLog("B");
        KhoIn in = KhoIn.populate(mem, mb, log, StepObserver.NONE, KhoGenerations.KHO_V1,
                new KhoData(0x100000, 4096, 0x101000, KhoScratch.SIZE));
        assertTrue(in.isKhoBoot(), String.join("\n", log.lines()));
        assertTrue(mb.isKhoScratchOnly());
        assertTrue(mb.isScratch(0x400000, 0x200000));
        assertTrue(mb.reserved().overlaps(0x101000, 16), "the scratch array is reserved");
        assertEquals(0x345000, in.retrieveSubtree("good"));
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> in.retrieveSubtree("short")).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> in.retrieveSubtree("none")).errno());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> in.retrieveSubtree("absent")).errno());
    }
}
