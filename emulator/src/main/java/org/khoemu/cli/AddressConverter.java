// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for physical addresses ({@code --rsi 0x3dbf9000}): hex with 0x, or decimal. */
public final class AddressConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String s = value.trim();
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' (expected a positive physical address such as 0x3dbf9000)");
        }
    }
}
