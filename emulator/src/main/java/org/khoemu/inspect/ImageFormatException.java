// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

/**
 * Untrusted image bytes do not decode. The message is one line naming the field and its
 * physical address, e.g. {@code kho_data.fdt_addr at 0x7000: 0x1fffff000 is outside RAM}.
 */
public final class ImageFormatException extends RuntimeException {
    public ImageFormatException(String message) {
        super(message);
    }

    static ImageFormatException at(String field, long pa, String problem) {
        return new ImageFormatException(String.format("%s at 0x%x: %s", field, pa, problem));
    }
}
