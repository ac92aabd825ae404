// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

/**
 * One deliberate change of a saved image ({@code khoemu poke}), kept in its sidecar so that the
 * page digest can follow the edit while the record says what was changed: the field (or
 * {@code flip}/{@code bytes} form), its physical address and its bytes before and after, in hex.
 */
public record ImageEdit(String field, long pa, String oldHex, String newHex) {
    /** The line {@code resume} and {@code inspect} print for the edit. */
    public String describe() {
        return String.format("modified by poke: %s at 0x%x: %s -> %s", field, pa, oldHex, newHex);
    }
}
