// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.luov5;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.luo.abi.LuoSerRoot;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The luo-v5 numbers of abi-reference 2.3, and luo_ser's incoming checks, one field changed at a time. */
class LuoV5LayoutTest {
    private final HeapPhysMem mem = new HeapPhysMem(1 << 20);
    private final LuoAbiProfile p = LuoAbiProfiles.byName("luo-v5");

    @Test
    void theReferencesSizesAndMaxima() {
        assertEquals(32, LuoSer.SIZE);
        assertEquals(80, p.sessionEntrySize());
        assertEquals(64, p.fileEntrySize());
        assertEquals(51, LuoV5.LAYOUT.number("LUO_SESSIONS_PER_BLOCK"));
        assertEquals(63, LuoV5.LAYOUT.number("LUO_FILES_PER_BLOCK"));
        assertEquals(4096, 16 + 51 * 80, "a session block is filled exactly");
        assertEquals(510_000, p.sessionMax());
        assertEquals(630_000, p.fileMax());
        assertEquals("luo-v5", p.luoCompatible());
        assertEquals("LUO", p.khoEntryName());
    }

    @Test
    void entriesFollowTheBlockHeader() {
        p.writeSession(mem, 0x2000, 50, new LuoSessionRecord("vm", 0x5000, 1, 3));
        long e = 0x2000 + 16 + 50 * 80;
        assertEquals('v', mem.read8(e));
        assertEquals(0x5000, mem.read64(e + 64));
        assertEquals(3, mem.read64(e + 72));
        assertEquals(new LuoSessionRecord("vm", 0x5000, 1, 3), p.readSession(mem, 0x2000, 50));
        p.writeFile(mem, 0x3000, 62, new LuoFileRecord("memfd-v1", 0x9000, 7));
        assertEquals(0x9000, mem.read64(0x3000 + 16 + 62 * 64 + 48));
        assertEquals(7, mem.read64(0x3000 + 16 + 62 * 64 + 56));
    }

    private LuoSerRoot.Incoming valid() throws LuoSerRoot.Invalid {
        LuoSer.INSTANCE.write(mem, 0x1000, 5, 0x4000);
        return LuoSer.INSTANCE.read(mem, 0x1000, 32);
    }

    @Test
    void luoSerIsCompatThenNumberThenSessions() throws Exception {
        assertEquals(new LuoSerRoot.Incoming(5, 0x4000, 0), valid());
        assertEquals("luo-v5", new String(mem.read(0x1000, 6)));
        assertEquals(0, mem.read8(0x1006));
        assertEquals(0, mem.read8(0x1007));
        assertEquals(5, mem.read64(0x1008));
        assertEquals(0x4000, mem.read64(0x1010));
        assertEquals(0, mem.read64(0x1018));
    }

    @Test
    void aBlobShorterThan32IsRefused() throws Exception {
        valid();
        String why = assertThrows(LuoSerRoot.Invalid.class, () -> LuoSer.INSTANCE.read(mem, 0x1000, 31)).getMessage();
        assertEquals("LUO blob is 31 bytes, smaller than struct luo_ser (32)", why);
    }

    @Test
    void anotherCompatibleIsRefused() throws Exception {
        valid();
        mem.write8(0x1005, (byte) '4');
        String why = assertThrows(LuoSerRoot.Invalid.class, () -> LuoSer.INSTANCE.read(mem, 0x1000, 32)).getMessage();
        assertEquals("luo_ser is incompatible with 'luo-v5' [\"luo-v4\\x00\\x00\"]", why);
    }

    @Test
    void theCompareStopsAtTheNulAsStrncmpDoes() throws Exception {
        valid();
        mem.write8(0x1007, (byte) 'x');
        assertEquals(5, LuoSer.INSTANCE.read(mem, 0x1000, 32).liveupdateNumber(), "a byte after the NUL is not compared");
    }
}
