// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemfdAbiLayoutTest {
    private final HeapPhysMem mem = new HeapPhysMem(1 << 16);

    @Test
    void memfdLuoSerIs40BytesWithFoliosDescriptorAt24() {
        assertEquals(40, MemfdLuoSer.SIZE);
        assertEquals(0, MemfdLuoSer.OFF_POS);
        assertEquals(8, MemfdLuoSer.OFF_SIZE);
        assertEquals(16, MemfdLuoSer.OFF_NR_FOLIOS);
        assertEquals(24, MemfdLuoSer.OFF_FOLIOS);
        assertEquals(MemfdLuoSer.SIZE, MemfdLuoSer.OFF_FOLIOS + KhoVmalloc.SIZE);
        assertEquals("memfd-v1", MemfdLuoSer.COMPATIBLE);

        MemfdLuoSer ser = new MemfdLuoSer(0x1111, 0x2222, 3, new KhoVmalloc(0x5000, 2, (short) 1, (short) 0));
        mem.fill(0x1000, 64, (byte) 0xee);
        ser.writeTo(mem, 0x1000);
        assertEquals(0x1111, mem.read64(0x1000));
        assertEquals(0x2222, mem.read64(0x1008));
        assertEquals(3, mem.read64(0x1010));
        assertEquals(0x5000, mem.read64(0x1018));
        assertEquals(2, mem.read32(0x1020));
        assertEquals(1, mem.read16(0x1024));
        assertEquals(0, mem.read16(0x1026));
        assertEquals((byte) 0xee, mem.read8(0x1000 + 40), "nothing written past 40 bytes");
        assertEquals(ser, MemfdLuoSer.readFrom(mem, 0x1000));
    }

    @Test
    void folioSerPacksPfnIntoLow52BitsAndFlagsAbove() {
        assertEquals(16, MemfdLuoFolioSer.SIZE);
        assertEquals(0, MemfdLuoFolioSer.OFF_PFN_FLAGS);
        assertEquals(8, MemfdLuoFolioSer.OFF_INDEX);
        assertEquals(1, MemfdLuoFolioSer.DIRTY);
        assertEquals(2, MemfdLuoFolioSer.UPTODATE);

        MemfdLuoFolioSer f = new MemfdLuoFolioSer(0xabcde, MemfdLuoFolioSer.DIRTY | MemfdLuoFolioSer.UPTODATE, 7);
        f.writeTo(mem, 0x2000);
        // flags 0b11 at bits 52..53: byte 6 holds bits 48..55 -> 0x30
        assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xbc, 0x0a, 0, 0, 0, 0x30, 0, 7, 0, 0, 0, 0, 0, 0, 0},
                mem.read(0x2000, 16));
        assertEquals(f, MemfdLuoFolioSer.readFrom(mem, 0x2000));
        assertThrows(IllegalArgumentException.class, () -> new MemfdLuoFolioSer(1L << 52, 0, 0));
    }

    @Test
    void cStringTruncatesLikeStrscpyAndPadsWithZeros() {
        mem.fill(0x3000, 16, (byte) 0x55);
        CString.write(mem, 0x3000, 8, "abcdefghij");
        assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 0}, mem.read(0x3000, 8));
        assertEquals((byte) 0x55, mem.read8(0x3008));
        assertEquals("abcdefg", CString.read(mem, 0x3000, 8));
        CString.write(mem, 0x3000, 8, "ab");
        assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0, 0, 0, 0}, mem.read(0x3000, 8));
    }

    @Test
    void profilesAreFoundByName() {
        assertEquals("seed-v6", LuoAbiProfiles.byName("seed-v6").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LuoAbiProfiles.byName("v9"));
        assertEquals("unknown LUO ABI profile 'v9' (known: seed-v6, seed-v6-name64, v6.19, luo-v5)", e.getMessage());
    }
}
