// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SessionDiffTest {
    static final FileRecord F1 = new FileRecord(0x11, 4096, "aa");
    static final FileRecord F2 = new FileRecord(0x12, 4096, "bb");

    @Test
    void equalSidesHaveNoDifference() {
        var a = List.of(new SessionRecord("s0", List.of(F1, F2)), new SessionRecord("s1", List.of()));
        var b = List.of(new SessionRecord("s1", List.of()), new SessionRecord("s0", List.of(F2, F1)));
        assertEquals(List.of(), SessionDiff.compare(a, b));
    }

    @Test
    void everyKindOfDifferenceIsNamed() {
        var a = List.of(new SessionRecord("s0", List.of(F1, F2)), new SessionRecord("gone", List.of()));
        var b = List.of(new SessionRecord("s0", List.of(new FileRecord(0x11, 4096, "cc"), new FileRecord(0x99, 1, "dd"))),
                new SessionRecord("new", List.of()));
        assertEquals(List.of(
                "session 's0' token 0x11: sha256 aa preserved, cc restored",
                "session 's0' token 0x12: preserved but not restored",
                "session 's0' token 0x99: restored but never preserved",
                "session 'gone' was preserved but not restored",
                "session 'new' was restored but never preserved"), SessionDiff.compare(a, b));
    }

    @Test
    void sizeDifference() {
        var a = List.of(new SessionRecord("s", List.of(F1)));
        var b = List.of(new SessionRecord("s", List.of(new FileRecord(0x11, 0, "aa"))));
        assertEquals(List.of("session 's' token 0x11: size 4096 preserved, 0 restored"), SessionDiff.compare(a, b));
    }
}
