// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.seedv6;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.port.HeapPhysMem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeedV6LayoutTest {
    private final HeapPhysMem mem = new HeapPhysMem(1 << 20);
    private final LuoAbiProfile p = SeedV6Profile.INSTANCE;

    @Test
    void constantsAreTheSeeds() {
        assertEquals("luo-v1", SeedV6.LUO_FDT_COMPATIBLE);
        assertEquals("luo-session-v1", SeedV6.LUO_FDT_SESSION_COMPATIBLE);
        assertEquals("LUO", SeedV6.LUO_FDT_KHO_ENTRY_NAME);
        assertEquals("liveupdate-number", SeedV6.LUO_FDT_LIVEUPDATE_NUM);
        assertEquals("luo-session", SeedV6.LUO_FDT_SESSION_NODE_NAME);
        assertEquals("luo-session-header", SeedV6.LUO_FDT_SESSION_HEADER);
        assertEquals(4096, SeedV6.LUO_FDT_SIZE);
        assertEquals(56, SeedV6.LIVEUPDATE_SESSION_NAME_LENGTH);
        assertEquals(16, SeedV6.LUO_SESSION_PGCNT);
        assertEquals(819, SeedV6.LUO_SESSION_MAX);
        assertEquals(819, p.sessionMax());
        assertEquals(65536, SeedV6.LUO_SESSION_HEADER_SER.size() + 819 * SeedV6.LUO_SESSION_SER.size(), "the block is filled exactly");
        assertEquals(2, SeedV6.LUO_FILE_PGCNT);
        assertEquals(128, SeedV6.LUO_FILE_MAX);
        assertEquals(128, p.fileMax());
    }

    @Test
    void sessionHeaderIs16BytesPgcntThenCount() {
        assertEquals(16, SeedV6.LUO_SESSION_HEADER_SER.size());
        assertEquals(0, SeedV6.LUO_SESSION_HEADER_SER.offset("pgcnt"));
        assertEquals(8, SeedV6.LUO_SESSION_HEADER_SER.offset("count"));
        p.initSessionHeader(mem, 0x10000);
        p.writeSessionCount(mem, 0x10000, 5);
        assertEquals(16, mem.read64(0x10000));
        assertEquals(5, mem.read64(0x10008));
        assertEquals(5, p.readSessionCount(mem, 0x10000));
    }

    @Test
    void sessionEntryIs80BytesAndEntryIStartsAt16Plus80I() {
        assertEquals(80, SeedV6.LUO_SESSION_SER.size());
        assertEquals(0, SeedV6.LUO_SESSION_SER.offset("name"));
        assertEquals(56, SeedV6.LUO_SESSION_SER.offset("files"));
        assertEquals(64, SeedV6.LUO_SESSION_SER.offset("pgcnt"));
        assertEquals(72, SeedV6.LUO_SESSION_SER.offset("count"));
        long block = 0x20000;
        p.writeSession(mem, block, 2, new LuoSessionRecord("vm-1", 0x7000, 2, 3));
        long e = block + 16 + 2 * 80;
        assertEquals('v', mem.read8(e));
        assertEquals(0, mem.read8(e + 4));
        assertEquals(0x7000, mem.read64(e + 56));
        assertEquals(2, mem.read64(e + 64), "pgcnt of a present file array");
        assertEquals(3, mem.read64(e + 72));
        assertEquals(new LuoSessionRecord("vm-1", 0x7000, 2, 3), p.readSession(mem, block, 2));

        p.writeSession(mem, block, 3, new LuoSessionRecord("empty", 0, 0, 0));
        assertEquals(0, mem.read64(e + 80 + 64), "no array, no pages");

        p.clearSessionName(mem, block, 2);
        assertEquals("", p.readSession(mem, block, 2).name());
        assertEquals(0x7000, mem.read64(e + 56));
    }

    @Test
    void longNamesKeep55Characters() {
        String name = "x".repeat(70);
        p.writeSession(mem, 0x30000, 0, new LuoSessionRecord(name, 0, 0, 0));
        assertEquals("x".repeat(55), p.readSession(mem, 0x30000, 0).name());
        assertEquals(0, mem.read8(0x30000 + 16 + 55));
    }

    @Test
    void fileEntryIs64BytesCompatDataToken() {
        assertEquals(64, LuoFileSer.SIZE);
        assertEquals(0, LuoFileSer.OFF_COMPATIBLE);
        assertEquals(48, LuoFileSer.OFF_DATA);
        assertEquals(56, LuoFileSer.OFF_TOKEN);
        p.writeFile(mem, 0x40000, 1, new LuoFileRecord("memfd-v1", 0x9000, 0x1a));
        assertEquals('m', mem.read8(0x40000 + 64));
        assertEquals(0, mem.read8(0x40000 + 64 + 8));
        assertEquals(0x9000, mem.read64(0x40000 + 64 + 48));
        assertEquals(0x1a, mem.read64(0x40000 + 64 + 56));
        assertEquals(new LuoFileRecord("memfd-v1", 0x9000, 0x1a), p.readFile(mem, 0x40000, 1));
    }
}
