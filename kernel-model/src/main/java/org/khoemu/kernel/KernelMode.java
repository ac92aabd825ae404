// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

import java.util.Locale;

/**
 * How much the incoming kernel trusts the handed-over bytes, a property of its build (as a
 * Kconfig option would be): {@link #FAITHFUL} checks only what the seed code checks, and the
 * emulator's guards ({@link KernelLog#guard}) report what that kernel would then have done
 * silently; {@link #HARDENED} adds the validation a reviewer would ask for and refuses such
 * handovers with an errno or a panic. Nothing of this crosses a kexec: each kernel is built with
 * its own.
 */
public enum KernelMode {
    FAITHFUL, HARDENED;

    /** What {@code run}, {@code resume} and {@code inject} use unless told otherwise: today's checks. */
    public static final KernelMode DEFAULT = HARDENED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code faithful} or {@code hardened}; IllegalArgumentException naming both otherwise. */
    public static KernelMode byKey(String key) {
        for (KernelMode m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a kernel mode: faithful or hardened");
    }

    public boolean hardened() {
        return this == HARDENED;
    }
}
