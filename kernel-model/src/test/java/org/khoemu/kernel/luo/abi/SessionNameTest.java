// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionNameTest {
    @Test
    void aByteThatIsNotUtf8StaysThatByte() {
        SessionName n = SessionName.ofBytes(new byte[] {'v', 'm', (byte) 0xd8});
        assertArrayEquals(new byte[] {'v', 'm', (byte) 0xd8}, n.bytes());
        assertEquals("vm\\xd8", n.toString());
        assertEquals(n, SessionName.parse(n.toString()));
        // the old way (decode as UTF-8, encode again) gives other bytes: U+FFFD is ef bf bd
        byte[] mangled = new String(n.bytes(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        assertNotEquals(n, SessionName.ofBytes(mangled));
    }

    @Test
    void printableTextIsShownAsItIs() {
        assertEquals("sessão-1", SessionName.ofText("sessão-1").toString());
        assertEquals("a\\\\b", SessionName.ofText("a\\b").toString());
        assertEquals("line\\x0anext\\x09tab\\x7f", SessionName.ofText("line\nnext\ttab\u007f").toString());
    }

    @Test
    void bytesStopAtTheFirstNul() {
        assertEquals(SessionName.ofText("ab"), SessionName.ofBytes(new byte[] {'a', 'b', 0, 'c'}));
        assertEquals(2, SessionName.ofKernel("ab\0c").length());
    }

    @Test
    void kernelStringsAreOneCharPerByte() {
        SessionName n = SessionName.ofText("é");
        assertEquals("\u00c3\u00a9", n.kernelString());
        assertEquals(n, SessionName.ofKernel(n.kernelString()));
    }

    @Test
    void everyByteStringSurvivesEscapeAndParse() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[r.nextInt(0, 64)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) r.nextInt(1, 256);
            }
            SessionName n = SessionName.ofBytes(b);
            String shown = n.toString();
            assertEquals(-1, shown.indexOf('\n'), shown);
            assertEquals(n, SessionName.parse(shown), shown);
        }
    }

    @Test
    void badEscapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SessionName.parse("a\\q"));
        assertThrows(IllegalArgumentException.class, () -> SessionName.parse("a\\x4"));
        assertThrows(IllegalArgumentException.class, () -> SessionName.parse("trailing\\"));
    }

    @Test
    void namesOrderAsUnsignedBytes() {
        SessionName low = SessionName.ofBytes(new byte[] {'a'});
        SessionName high = SessionName.ofBytes(new byte[] {(byte) 0xd8});
        assertEquals(-1, Integer.signum(low.compareTo(high)));
    }
}
