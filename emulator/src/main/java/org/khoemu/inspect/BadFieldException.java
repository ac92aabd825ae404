// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

/** A field name that does not name a field of this handover; the message is one line for the user. */
public final class BadFieldException extends IllegalArgumentException {
    public BadFieldException(String message) {
        super(message);
    }
}
