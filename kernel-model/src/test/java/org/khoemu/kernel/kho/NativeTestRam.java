// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.khoemu.kernel.port.MachineCheck;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RAM in native memory with a host address, like the emulator's, so kernel-model tests can
 * take the path where libfdt edits RAM directly. Every access goes through one bounds check.
 */
final class NativeTestRam implements PhysMem {
    private final Memory ram;

    NativeTestRam(long size) {
        ram = new Memory(size);
        ram.clear();
    }

    private Pointer at(long pa, long len) {
        if (pa < 0 || len < 0 || pa + len > ram.size() || pa + len < pa) {
            throw new MachineCheck(String.format("physical access 0x%x+0x%x outside native RAM", pa, len));
        }
        return ram.share(pa, len);
    }

    @Override public long size() { return ram.size(); }
    @Override public byte read8(long pa) { return at(pa, 1).getByte(0); }
    @Override public short read16(long pa) { return at(pa, 2).getShort(0); }
    @Override public int read32(long pa) { return at(pa, 4).getInt(0); }
    @Override public long read64(long pa) { return at(pa, 8).getLong(0); }
    @Override public void write8(long pa, byte v) { at(pa, 1).setByte(0, v); }
    @Override public void write16(long pa, short v) { at(pa, 2).setShort(0, v); }
    @Override public void write32(long pa, int v) { at(pa, 4).setInt(0, v); }
    @Override public void write64(long pa, long v) { at(pa, 8).setLong(0, v); }
    @Override public void read(long pa, byte[] dst, int off, int len) { at(pa, len).read(0, dst, off, len); }
    @Override public void write(long pa, byte[] src, int off, int len) { at(pa, len).write(0, src, off, len); }
    @Override public void fill(long pa, long len, byte value) { at(pa, len).setMemory(0, len, value); }

    @Override
    public void copy(long dstPa, long srcPa, long len) {
        byte[] b = new byte[(int) len];
        read(srcPa, b, 0, b.length);
        write(dstPa, b, 0, b.length);
    }

    @Override
    public ByteBuffer window(long pa, int len) {
        return at(pa, len).getByteBuffer(0, len).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long hostAddress(long pa, long len) {
        return Pointer.nativeValue(at(pa, len));
    }
}
