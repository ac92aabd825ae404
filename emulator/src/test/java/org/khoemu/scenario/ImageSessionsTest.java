// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.SyntheticHandover;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.port.HeapPhysMem;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageSessionsTest {
    @Test
    void recordsAndRequestsFromTheSessionBlock() throws Exception {
        SyntheticHandover h = new SyntheticHandover(new HeapPhysMem(SyntheticHandover.RAM));
        var block = HandoverInspection.decode(h.mem, SyntheticHandover.BP).sessions();
        assertEquals(List.of(new SessionRecord("session-0", List.of(new FileRecord(0x11, 10000, h.sha0),
                        new FileRecord(0x12, 0, WorkloadPlan.sha256(new byte[0])))),
                new SessionRecord("session-1", List.of())), ImageSessions.records(block));
    }

    /** The incoming list's names are bytes: a name that is not UTF-8 is asked for with the same bytes. */
    @Test
    void requestsFromTheIncomingListKeepTheNameBytes() {
        SessionName raw = SessionName.ofBytes(new byte[] {'s', (byte) 0xd8, '1'});
        var info = new LuoSessionInfo(raw, false, 0, List.of());
        Recovery.Expected e = ImageSessions.expected(List.of(info)).get(0);
        assertArrayEquals(new byte[] {'s', (byte) 0xd8, '1'}, e.name().bytes());
        assertEquals("s\\xd81", e.name().toString());
    }

    @Test
    void utf8NamesComeBackAsTheTextUserspaceGave() throws Exception {
        SyntheticHandover h = new SyntheticHandover(new HeapPhysMem(SyntheticHandover.RAM));
        h.mem.write(SyntheticHandover.BLOCK + 16 + 80, "sessão-1\0".getBytes(StandardCharsets.UTF_8));
        var block = HandoverInspection.decode(h.mem, SyntheticHandover.BP).sessions();
        assertEquals(SessionName.ofText("sessão-1"), ImageSessions.records(block).get(1).name());
        assertEquals("sessão-1", ImageSessions.records(block).get(1).name().toString());
    }

    /** The kernel takes any byte but NUL in a name; so does the decoder, and shows it escaped. */
    @Test
    void controlBytesInANameAreKeptAndEscaped() throws Exception {
        SyntheticHandover h = new SyntheticHandover(new HeapPhysMem(SyntheticHandover.RAM));
        h.mem.write(SyntheticHandover.BLOCK + 16 + 80, "bad\nname\0".getBytes(StandardCharsets.US_ASCII));
        var block = HandoverInspection.decode(h.mem, SyntheticHandover.BP).sessions();
        SessionName n = ImageSessions.records(block).get(1).name();
        assertArrayEquals("bad\nname".getBytes(StandardCharsets.US_ASCII), n.bytes());
        assertEquals("bad\\x0aname", n.toString());
    }
}
