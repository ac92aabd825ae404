// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

/** A dump file that cannot be read, with one sentence naming the file and the bad field. */
public final class DumpException extends RuntimeException {
    public DumpException(String message) {
        super(message);
    }
}
