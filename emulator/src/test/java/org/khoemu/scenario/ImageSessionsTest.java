// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.ImageFormatException;
import org.khoemu.inspect.SyntheticHandover;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.port.HeapPhysMem;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageSessionsTest {
    @Test
    void recordsAndRequestsFromTheSessionBlock() throws Exception {
        SyntheticHandover h = new SyntheticHandover(new HeapPhysMem(SyntheticHandover.RAM));
        var block = HandoverInspection.decode(h.mem, SyntheticHandover.BP).sessions();
        assertEquals(List.of(new SessionRecord("session-0", List.of(new FileRecord(0x11, 10000, h.sha0),
                        new FileRecord(0x12, 0, WorkloadPlan.sha256(new byte[0])))),
                new SessionRecord("session-1", List.of())), ImageSessions.records(block));
    }

    /** The incoming list's names are display text already: a second UTF-8 decoding would mangle them. */
    @Test
    void requestsFromTheIncomingListKeepUtf8Names() {
        var info = new LuoSessionInfo("sessão-1", false, 0, List.of());
        assertEquals(List.of(new Recovery.Expected("sessão-1", List.of())), ImageSessions.expected(List.of(info)));
    }

    @Test
    void utf8NamesComeBackAsTheTextUserspaceGave() throws Exception {
        SyntheticHandover h = new SyntheticHandover(new HeapPhysMem(SyntheticHandover.RAM));
        h.mem.write(SyntheticHandover.BLOCK + 16 + 80, "sessão-1\0".getBytes(StandardCharsets.UTF_8));
        var block = HandoverInspection.decode(h.mem, SyntheticHandover.BP).sessions();
        assertEquals("sessão-1", ImageSessions.records(block).get(1).name());
    }

    @Test
    void controlBytesInANameAreCorruption() throws Exception {
        SyntheticHandover h = new SyntheticHandover(new HeapPhysMem(SyntheticHandover.RAM));
        h.mem.write(SyntheticHandover.BLOCK + 16 + 80, "bad\nname\0".getBytes(StandardCharsets.US_ASCII));
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> HandoverInspection.decode(h.mem, SyntheticHandover.BP));
        assertEquals("luo_session_ser[1].name at 0x400060: control byte 0x0a at offset 3", e.getMessage());
    }
}
