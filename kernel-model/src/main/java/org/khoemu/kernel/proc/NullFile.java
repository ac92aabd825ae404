// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

/** {@code /dev/null}: reads see end of file, writes vanish. No LUO handler accepts it. */
public final class NullFile extends KernelFile {
    @Override
    public String describe() {
        return "/dev/null";
    }

    @Override
    public byte[] read(long at, int count) {
        return new byte[0];
    }

    @Override
    public int write(long at, byte[] data) {
        return data.length;
    }
}
