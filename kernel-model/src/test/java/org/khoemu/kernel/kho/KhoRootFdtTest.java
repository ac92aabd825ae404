// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtHeader;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-place edits of the KHO root page and their kernel error paths. */
class KhoRootFdtTest {
    private static final long PA = 0x10000;
    private final PhysMem mem = new HeapPhysMem(1 << 20);
    private final KhoRootFdt root = new KhoRootFdt(mem, PA, KhoGenerations.KHO_V1);

    private byte[] page() {
        return mem.read(PA, KhoRootFdt.SIZE);
    }

    private FdtHeader header() {
        return FdtHeader.readFrom(page());
    }

    private static Errno errno(Executable e) {
        return assertThrows(KernelException.class, e).errno();
    }

    /** Offsets where two pages differ. */
    private static List<Integer> diff(byte[] a, byte[] b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void setupWritesTheEmptyTreeWithFdtFinishLayout() {
        root.setup();
        FdtHeader h = header();
        assertEquals(0x30, h.offMemRsvmap(), "fdt_finish keeps fdt_create's reserve map offset");
        Fdt fdt = Fdt.fromBytes(page());
        assertTrue(fdt.nodeCheckCompatible(Fdt.ROOT, "kho-v1"));
        assertArrayEquals(new byte[8], fdt.getprop(Fdt.ROOT, KhoRootFdt.PROP_PRESERVED_MEMORY_MAP));
        assertEquals(List.of("compatible", "preserved-memory-map"),
                fdt.properties(Fdt.ROOT).stream().map(p -> p.name()).toList());
        assertEquals(Map.of(), root.children());
        assertEquals(0, root.memMap());
    }

    @Test
    void setMemMapChangesOnlyTheEightValueBytesOfAnUneditedPage() {
        root.setup();
        byte[] before = page();
        root.setMemMap(0x1234_5678_9000L);
        byte[] after = page();
        List<Integer> changed = diff(before, after);
        assertTrue(changed.size() <= 8 && !changed.isEmpty(), changed.toString());
        int at = changed.get(0);
        assertTrue(changed.get(changed.size() - 1) < at + 8);
        assertEquals(0x30, FdtHeader.readFrom(after).offMemRsvmap(), "no open_into/pack: the layout stays");
        assertEquals(0x1234_5678_9000L, root.memMap());
        assertEquals(0x1234_5678_9000L, Fdt.rawU64(Fdt.fromBytes(after).getprop(Fdt.ROOT, "preserved-memory-map")));
    }

    @Test
    void addChildPacksAndPutsTheNewestChildFirst() {
        root.setup();
        root.addChild("a", 0x1000);
        root.addChild("b", 0x2000);
        FdtHeader h = header();
        assertEquals(0x28, h.offMemRsvmap(), "fdt_pack moved the reserve map next to the header");
        assertEquals(h.offDtStrings() + h.sizeDtStrings(), h.totalsize(), "packed: no room left inside totalsize");
        Map<String, Long> want = new LinkedHashMap<>();
        want.put("b", 0x2000L);
        want.put("a", 0x1000L);
        assertEquals(want, root.children());
        assertTrue(root.hasChild("a"));
        assertFalse(root.hasChild("c"));
        byte[] strings = Arrays.copyOfRange(page(), h.offDtStrings(), h.totalsize());
        assertEquals("preserved-memory-map\0compatible\0fdt\0", new String(strings, java.nio.charset.StandardCharsets.US_ASCII),
                "fdt_setprop appends the new name to the writer's strings");
    }

    @Test
    void duplicateNameIsEexistAndLeavesThePageAlone() {
        root.setup();
        root.addChild("LUO", 0x1000);
        byte[] before = page();
        assertEquals(Errno.EEXIST, errno(() -> root.addChild("LUO", 0x5000)));
        assertArrayEquals(before, page());
        assertEquals(Errno.EINVAL, errno(() -> root.addChild("a\0b", 0x5000)));
    }

    @Test
    void removeTakesTheFirstMatchInBlobOrder() {
        root.setup();
        root.addChild("old", 0x7000);
        root.addChild("new", 0x7000);
        root.addChild("other", 0x8000);
        assertFalse(root.removeChild(0x9000));
        assertTrue(root.removeChild(0x7000));
        assertEquals(List.of("other", "old"), new ArrayList<>(root.children().keySet()), "the newest match went first");
        assertTrue(root.removeChild(0x7000));
        assertEquals(List.of("other"), new ArrayList<>(root.children().keySet()));
        root.addChild("old", 0x7000);
        assertEquals(0x7000L, root.children().get("old"));
    }

    /** Space left inside the page once packed: what fdt_open_into(PAGE_SIZE) gives the next edit. */
    private int freeBytes() {
        return KhoRootFdt.SIZE - header().totalsize();
    }

    private void fillUntilFree(int maxFree) {
        for (int i = 0; freeBytes() > maxFree; i++) {
            int nameLen = Math.min(200, freeBytes() - maxFree);
            String name = String.format("%04d", i) + "n".repeat(Math.max(0, nameLen - 4));
            root.addChild(name, 0x100000L + i * 0x1000L);
        }
    }

    @Test
    void nodeThatDoesNotFitIsEnomemAndNothingIsLeft() {
        root.setup();
        fillUntilFree(300);
        int free = freeBytes();
        // node = BEGIN_NODE + name padded to 4 + END_NODE; make it one word too long
        String name = "x".repeat((free - 8) / 4 * 4 + 3);
        byte[] before = page();
        assertEquals(Errno.ENOMEM, errno(() -> root.addChild(name, 0xabc000)));
        assertFalse(root.hasChild(name));
        assertArrayEquals(before, page());
    }

    @Test
    void nodeThatFitsWithoutItsPropertyStaysBehindHalfBuilt() {
        root.setup();
        fillUntilFree(300);
        int free = freeBytes();
        int padded = (free - 8) / 4 * 4; // the node fits; its 20-byte "fdt" property cannot
        String name = "y".repeat(padded - 1);
        assertEquals(Errno.ENOMEM, errno(() -> root.addChild(name, 0xabc000)));
        assertTrue(root.hasChild(name), "seed-era kho_add_subtree does not delete the node it added");
        assertNull(root.children().get(name));
        assertEquals(Errno.EEXIST, errno(() -> root.addChild(name, 0xabc000)));
        assertFalse(root.removeChild(0xabc000), "the half-built node has no address to match");
        assertTrue(Fdt.fromBytes(page()).subnode(Fdt.ROOT, name) >= 0);
    }

    @Test
    void corruptPageRefusesEditsLikeTheKernel() {
        root.setup();
        root.addChild("LUO", 0x1000);
        mem.write32(PA, 0); // magic gone: fdt_open_into fails
        assertEquals(Errno.ENOMEM, errno(() -> root.addChild("x", 0x2000)));
        assertFalse(root.removeChild(0x1000));
        assertThrows(KernelPanic.class, root::memMap, "the kernel dereferences fdt_getprop_w's result unchecked");
        assertThrows(KernelPanic.class, () -> root.setMemMap(0x5000));
    }
}
