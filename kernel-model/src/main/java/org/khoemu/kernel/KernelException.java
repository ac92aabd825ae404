// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

/**
 * A kernel function failed with an errno. The model throws this where the C code returns
 * {@code -Exxx}; callers that mirror a syscall catch it and hand the errno to userspace.
 */
public final class KernelException extends RuntimeException {
    private final Errno errno;

    public KernelException(Errno errno, String message) {
        super(errno + ": " + message);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
