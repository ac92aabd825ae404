// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

/** A RAM image that cannot be saved or loaded, with one sentence saying why. */
public final class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
