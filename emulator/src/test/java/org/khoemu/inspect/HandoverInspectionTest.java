// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.khoemu.inspect.SyntheticHandover.*;

class HandoverInspectionTest {
    SyntheticHandover h;

    @BeforeEach
    void build() throws Exception {
        h = new SyntheticHandover();
    }

    @Test
    void decodesEverythingFromRamAlone() throws Exception {
        HandoverInspection in = HandoverInspection.decode(h.mem, BP);
        assertEquals(KHO_FDT, in.kho().pa());
        assertEquals(MEM_MAP, in.memMapPa());
        assertEquals(2, in.memMap().blockCount(0));
        assertEquals(1, in.subtrees().size());
        assertEquals(new HandoverInspection.Subtree("LUO", LUO_FDT), in.subtrees().get(0));
        assertEquals(LUO_FDT, in.luo().pa());
        assertEquals(1, in.liveupdateNumber());
        assertEquals(BLOCK, in.sessionBlockPa());
        var s = in.sessions();
        assertEquals(16, s.pgcnt());
        assertEquals(SessionLayout.SEED_V6, s.layout());
        assertEquals(2, s.sessions().size());
        var s0 = s.sessions().get(0);
        assertEquals("session-0", s0.name());
        assertEquals(2, s0.pgcnt());
        assertEquals(16, s0.blockOffset());
        assertEquals(BLOCK + 16, s0.pa());
        assertEquals(96, s.sessions().get(1).blockOffset());
        assertEquals(0, s.sessions().get(1).files().size());
        var f0 = s0.files().get(0);
        assertEquals(0x11, f0.ser().token());
        assertEquals(FILES, f0.pa());
        assertEquals(MEMFD_SIZE, f0.memfd().ser().size());
        assertEquals(h.sha0, f0.memfd().sha256());
        assertEquals(SyntheticHandover.emptySha(), s0.files().get(1).memfd().sha256());
    }

    static void assertFails(String expected, SyntheticHandover h) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> HandoverInspection.decode(h.mem, BP));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void badKhoFdtMagic() {
        h.mem.write32(KHO_FDT, 0x12345678);
        assertFails("KHO FDT magic at 0x200000: 0x78563412, expected 0xd00dfeed", h);
    }

    @Test
    void khoFdtLargerThanItsPage() {
        h.mem.write32(KHO_FDT + 4, Integer.reverseBytes(8192));
        assertFails("KHO FDT totalsize at 0x200004: 8192 bytes, expected 40..4096", h);
    }

    @Test
    void wrongLuoCompatible() throws Exception {
        byte[] fdt = h.mem.read(LUO_FDT, 4096);
        String s = new String(fdt, java.nio.charset.StandardCharsets.ISO_8859_1).replace("luo-v1", "luo-v9");
        h.mem.write(LUO_FDT, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFails("LUO FDT / compatible at 0x220000: \"luo-v9\", expected \"luo-v1\"", h);
    }

    @Test
    void tooManySessions() {
        h.mem.write64(BLOCK + 8, 820);
        assertFails("luo_session_header_ser.count at 0x400008: 820, expected 0..819", h);
    }

    /**
     * A name filling all 56 bytes is what the seed's deserializer takes with strscpy: it keeps 55
     * and boots on. The decoder shows the same, flagged (it used to refuse the image).
     */
    @Test
    void sessionNameWithoutNulIsShownAsTheKernelKeepsIt() {
        h.mem.fill(BLOCK + 16 + 80, LuoSessionSer.NAME_LENGTH, (byte) 'x');
        HandoverInspection in = HandoverInspection.decode(h.mem, BP);
        var s1 = in.sessions().sessions().get(1);
        assertEquals("x".repeat(55), s1.name());
        assertTrue(s1.nameTruncated());
        assertFalse(in.sessions().sessions().get(0).nameTruncated());
        java.io.StringWriter sw = new java.io.StringWriter();
        new InspectionPrinter(new java.io.PrintWriter(sw), h.mem, false).print(in);
        assertTrue(sw.toString().contains("session[1] \"" + "x".repeat(55)
                + "\" (no NUL in 56 bytes: truncated, as the kernel's strscpy keeps it) at block offset 0x60"), sw.toString());
    }

    @Test
    void sessionNameOfControlBytesWithoutNulIsKeptTruncatedAsTheKernelKeepsIt() {
        h.mem.fill(BLOCK + 16 + 80, LuoSessionSer.NAME_LENGTH, (byte) 1);
        var s1 = HandoverInspection.decode(h.mem, BP).sessions().sessions().get(1);
        assertEquals("\u0001".repeat(LuoSessionSer.NAME_LENGTH - 1), s1.name());
        assertTrue(s1.nameTruncated());
    }

    @Test
    void fileArrayOutsideRam() {
        h.mem.write64(BLOCK + 16 + LuoSessionSer.OFF_FILES, RAM);
        assertFails("luo_session_ser[0].files at 0x1000000: 0x80 bytes there are outside RAM [0, 0x1000000)", h);
    }

    @Test
    void folioThatWasNotPreserved() {
        h.mem.write8(BITMAP + (PAGE2 >> 12) / 8, (byte) 1);
        assertFails("luo_session_ser[0].luo_file_ser[0] memfd_luo_ser folio index 2 at 0x602000: "
                + "page frame 0x602 is not a preserved block", h);
    }

    @Test
    void memfdClaimingMoreFoliosThanItsSize() {
        h.mem.write64(MEMFD0 + 16, 5);
        assertFails("luo_session_ser[0].luo_file_ser[0] memfd_luo_ser.nr_folios at 0x510010: 5 folios for 10000 bytes", h);
    }

    @Test
    void otherHandlersAreListedWithoutContent() {
        h.mem.write(FILES, "iommufd-v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        var f = HandoverInspection.decode(h.mem, BP).sessions().sessions().get(0).files().get(0);
        assertEquals("iommufd-v1", f.ser().compatible());
        assertNull(f.memfd());
    }
}
