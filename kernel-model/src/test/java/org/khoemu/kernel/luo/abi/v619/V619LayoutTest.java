// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.v619;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class V619LayoutTest {
    private final HeapPhysMem mem = new HeapPhysMem(1 << 20);
    private final LuoAbiProfile p = LuoAbiProfiles.byName("v6.19");

    @Test
    void headerIsTheCountAlone() {
        assertEquals(8, V619.LUO_SESSION_HEADER_SER.size());
        assertEquals(0, V619.LUO_SESSION_HEADER_SER.offset("count"));
        mem.fill(0x10000, 16, (byte) 0x55);
        p.initSessionHeader(mem, 0x10000);
        assertEquals(0x5555555555555555L, mem.read64(0x10000), "setup writes nothing");
        p.writeSessionCount(mem, 0x10000, 3);
        assertEquals(3, mem.read64(0x10000));
        assertEquals(0x5555555555555555L, mem.read64(0x10008), "the first entry starts at 8");
    }

    @Test
    void entryIs80BytesWithA64ByteName() {
        assertEquals(80, V619.LUO_SESSION_SER.size());
        assertEquals(0, V619.LUO_SESSION_SER.offset("name"));
        assertEquals(64, V619.LUO_SESSION_SER.offset("file_set_ser.files"));
        assertEquals(72, V619.LUO_SESSION_SER.offset("file_set_ser.count"));
        assertEquals(819, p.sessionMax(), "(65536 - 8) / 80");
        assertEquals(128, p.fileMax());
        assertEquals("luo-session-v2", p.sessionCompatible());
        assertEquals("luo-v1", p.luoCompatible());

        String name = "n".repeat(70);
        p.writeSession(mem, 0x20000, 1, new LuoSessionRecord(name, 0x7000, 2, 2));
        long e = 0x20000 + 8 + 80;
        assertEquals(0x7000, mem.read64(e + 64));
        assertEquals(2, mem.read64(e + 72));
        assertEquals(0, mem.read8(e + 63));
        assertEquals(new LuoSessionRecord("n".repeat(63), 0x7000, 2, 2), p.readSession(mem, 0x20000, 1));
    }
}
