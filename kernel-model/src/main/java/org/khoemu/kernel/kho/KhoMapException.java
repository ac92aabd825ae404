// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

/** The incoming preserved-memory map is damaged; the message says where. */
public final class KhoMapException extends RuntimeException {
    public KhoMapException(String message) {
        super(message);
    }
}
