// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.abi;

/**
 * A named value of the ABI under its kernel macro name: a number (sizes, page counts, derived
 * maxima such as {@code LUO_SESSION_MAX}) or a string (FDT node and property names, compatible
 * strings, KHO entry names). Exactly one of {@code number} / {@code text} is meaningful.
 */
public record AbiConstant(String name, long number, String text, String meaning) {
    public static AbiConstant number(String name, long value, String meaning) {
        return new AbiConstant(name, value, null, meaning);
    }

    public static AbiConstant text(String name, String value, String meaning) {
        return new AbiConstant(name, 0, value, meaning);
    }

    public boolean isText() {
        return text != null;
    }

    /** The value as C would print it: a quoted string or a decimal number. */
    public String value() {
        return isText() ? "\"" + text + "\"" : Long.toString(number);
    }
}
