// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One line in words: no Java class or method name reaches the user, whatever threw. */
class FailuresTest {
    @Test
    void theJdksHelpfulNullPointerMessageIsNotShown() {
        NullPointerException e;
        try {
            Object o = null;
            o.hashCode();
            throw new AssertionError("unreachable");
        } catch (NullPointerException npe) {
            e = npe;
        }
        // the JDK's own text names the method: "Cannot invoke \"Object.hashCode()\" because \"<local1>\" is null"
        assertEquals("internal error: null pointer", Failures.oneLine(e));
    }

    @Test
    void aClassCastIsAnInternalErrorWithoutTheClasses() {
        assertEquals("internal error: class cast",
                Failures.oneLine(new ClassCastException("class java.lang.String cannot be cast to class java.lang.Long")));
    }

    @Test
    void aWrappedCausesClassIsDroppedAndItsWordsKept() {
        String line = Failures.oneLine(new UncheckedIOException(new EOFException("short read at 0x1000")));
        assertEquals("short read at 0x1000", line);
        assertFalse(line.contains("Exception"));
    }
}
