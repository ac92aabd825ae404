// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

/** Linux errno values as the kernel returns them (positive numbers; callers negate as needed). */
public enum Errno {
    EPERM(1), ENOENT(2), EIO(5), E2BIG(7), EBADF(9), EAGAIN(11), ENOMEM(12), EFAULT(14),
    EBUSY(16), EEXIST(17), EINVAL(22), ENOTTY(25), ENOSPC(28), EOPNOTSUPP(95), EADDRNOTAVAIL(99),
    ENOIOCTLCMD(515);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The positive errno number, as in {@code include/uapi/asm-generic/errno-base.h}. */
    public int value() {
        return value;
    }
}
