// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

/** A physical access outside RAM: the hardware would raise a machine check. */
public final class MachineCheck extends RuntimeException {
    public MachineCheck(String message) {
        super(message);
    }
}
