// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

/** The kernel called {@code panic()}: the boot stops with the kernel's reason. */
public final class KernelPanic extends RuntimeException {
    public KernelPanic(String reason) {
        super(reason);
    }
}
