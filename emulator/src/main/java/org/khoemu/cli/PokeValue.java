// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.inspect.BadFieldException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a {@code poke} value stands for in a field of {@code size} bytes: a number
 * (decimal or {@code 0x} hex, unsigned, little-endian, must fit) or, for a {@code char[N]}
 * field, a string (quotes optional, NUL-padded to N; longer than N is refused, exactly N
 * leaves it unterminated, as a fault may want).
 */
final class PokeValue {
    private PokeValue() {
    }

    static byte[] bytes(String spec, String value, int size, boolean chars) {
        if (chars) {
            String s = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > size) {
                throw new BadFieldException(spec + ": \"" + s + "\" is " + b.length + " bytes, the field holds " + size);
            }
            byte[] out = new byte[size];
            System.arraycopy(b, 0, out, 0, b.length);
            return out;
        }
        return littleEndian(spec, number(spec, value), size);
    }

    /** {@code 0x…} hex or decimal, unsigned. */
    static BigInteger number(String spec, String value) {
        try {
            if (value.matches("0[xX][0-9a-fA-F]{1,32}")) {
                return new BigInteger(value.substring(2), 16);
            }
            if (value.matches("[0-9]{1,40}")) {
                return new BigInteger(value);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new BadFieldException(spec + ": '" + value + "' is not a number (decimal or 0x hex)");
    }

    static byte[] littleEndian(String spec, BigInteger v, int size) {
        if (v.bitLength() > size * 8) {
            throw new BadFieldException(spec + ": " + v + " does not fit in " + size + " byte(s)");
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = v.shiftRight(8 * i).byteValue();
        }
        return out;
    }
}
