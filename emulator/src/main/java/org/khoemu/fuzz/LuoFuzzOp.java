// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

import org.khoemu.kernel.Errno;

import java.util.EnumSet;
import java.util.Set;

import static org.khoemu.kernel.Errno.E2BIG;
import static org.khoemu.kernel.Errno.EBADF;
import static org.khoemu.kernel.Errno.EBUSY;
import static org.khoemu.kernel.Errno.EEXIST;
import static org.khoemu.kernel.Errno.EINVAL;
import static org.khoemu.kernel.Errno.EIO;
import static org.khoemu.kernel.Errno.ENOENT;
import static org.khoemu.kernel.Errno.ENOMEM;
import static org.khoemu.kernel.Errno.ENOSPC;
import static org.khoemu.kernel.Errno.EPERM;

/**
 * The operations of a lifecycle sequence, how often each is drawn, and the errnos the kernel
 * documents for it (abi-reference 4.1 and 4.4, the 6.19.6 source): any other errno is a finding.
 */
enum LuoFuzzOp {
    /** open("/dev/liveupdate"): exclusive; the first open deserializes (v6.19: EIO on failure). */
    OPEN(6, EBUSY, EIO),
    /** On the device, opened first when the process has none (so the open's EBUSY, EIO too). */
    CREATE_SESSION(8, EEXIST, ENOMEM, ENOSPC, EINVAL, EBUSY, EIO),
    RETRIEVE_SESSION(6, ENOENT, EINVAL, EBUSY, EIO),
    /** A selftest's stage 1: create a session, preserve one to three new memfds, close some of them. */
    STAGE1(5, EEXIST, ENOMEM, ENOSPC, EINVAL, EBUSY, EIO, EBADF, ENOENT, E2BIG),
    /** A stage 2: retrieve an incoming session and each of its files, sometimes FINISH. */
    STAGE2(8, ENOENT, EINVAL, EBUSY, EIO, ENOMEM),
    /** memfd_create, random bytes, a random position. */
    MEMFD(8),
    PRESERVE_FD(14, EEXIST, ENOSPC, EBADF, ENOENT, ENOMEM, EBUSY, EINVAL, E2BIG),
    /** pwrite into a memfd, before or after its preserve; growing a preserved one is EPERM. */
    WRITE(6, EPERM),
    SEEK(3),
    RETRIEVE_FD(8, ENOENT, EINVAL, EIO, ENOMEM),
    FINISH(5, EBUSY, EINVAL),
    CLOSE(6),
    DUP(3),
    /** A new process with a copy of every fd (the holder of the selftests). */
    FORK(2),
    /** The process ends: every fd it held is closed. */
    EXIT(2),
    /** reboot(KEXEC) into the next kernel: the processes of this one end. */
    KEXEC(2);

    final int weight;
    final Set<Errno> errnos;

    LuoFuzzOp(int weight, Errno... errnos) {
        this.weight = weight;
        this.errnos = errnos.length == 0 ? EnumSet.noneOf(Errno.class) : EnumSet.of(errnos[0], errnos);
    }

    private static final LuoFuzzOp[] ALL = values();
    private static final int TOTAL;

    static {
        int t = 0;
        for (LuoFuzzOp op : ALL) {
            t += op.weight;
        }
        TOTAL = t;
    }

    /** An operation drawn by weight. */
    static LuoFuzzOp draw(java.util.random.RandomGenerator rng) {
        int x = rng.nextInt(TOTAL);
        for (LuoFuzzOp op : ALL) {
            x -= op.weight;
            if (x < 0) {
                return op;
            }
        }
        throw new AssertionError();
    }
}
