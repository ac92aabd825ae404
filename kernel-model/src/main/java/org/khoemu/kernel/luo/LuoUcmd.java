// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.uapi.LiveupdateIoctl;
import org.khoemu.kernel.uapi.UserBytes;

import java.util.List;

/**
 * The generic part of every LUO ioctl ({@code struct luo_ucmd} and its dispatcher): the table
 * lookup by command number, the {@code size} word, the minimum size, extensible-struct copy-in
 * and the copy-out of the kernel's answer.
 */
final class LuoUcmd {
    private LuoUcmd() {
    }

    /** The command's body: reads its input from, and leaves its output in, the kernel copy. */
    @FunctionalInterface
    interface Execute {
        void run(byte[] cmd);
    }

    /** One table entry: full request number, kernel struct size, {@code offsetofend} of the last mandatory field. */
    record Op(int request, int size, int minSize, Execute execute) {
    }

    /**
     * Runs {@code request} against {@code table} (entry i has command number {@code base + i}).
     * {@code arg} is the user's buffer; it is updated in place with {@code min(size, kernel size)}
     * bytes of the answer.
     */
    static int dispatch(int base, List<Op> table, int request, byte[] arg) {
        int nr = LiveupdateIoctl.nr(request);
        if (nr < base || nr - base >= table.size()) {
            throw new KernelException(Errno.EINVAL, String.format("ioctl command %#x is not a LUO command", nr));
        }
        if (arg == null || arg.length < 4) {
            throw new KernelException(Errno.EFAULT, "cannot read the size word");
        }
        long userSize = Integer.toUnsignedLong(UserBytes.le(arg).getInt(0));
        Op op = table.get(nr - base);
        if (op.request() != request) {
            throw new KernelException(Errno.ENOIOCTLCMD, String.format("request %#x is not %#x", request, op.request()));
        }
        if (userSize < op.minSize()) {
            throw new KernelException(Errno.EINVAL, "size " + userSize + " is below " + op.minSize());
        }
        byte[] cmd = copyStructFromUser(op.size(), arg, userSize);
        op.execute().run(cmd);
        System.arraycopy(cmd, 0, arg, 0, (int) Math.min(userSize, op.size()));
        return 0;
    }

    /**
     * {@code copy_struct_from_user}: a larger user struct is fine if its extra bytes are zero
     * (else E2BIG); a smaller one is zero-extended; bytes the user does not have are EFAULT.
     */
    static byte[] copyStructFromUser(int kernelSize, byte[] user, long userSize) {
        if (userSize > user.length) {
            throw new KernelException(Errno.EFAULT, "struct of " + userSize + " bytes, buffer of " + user.length);
        }
        for (int i = kernelSize; i < userSize; i++) {
            if (user[i] != 0) {
                throw new KernelException(Errno.E2BIG, "non-zero byte at offset " + i + " beyond the kernel's struct");
            }
        }
        byte[] cmd = new byte[kernelSize];
        System.arraycopy(user, 0, cmd, 0, (int) Math.min(kernelSize, userSize));
        return cmd;
    }
}
