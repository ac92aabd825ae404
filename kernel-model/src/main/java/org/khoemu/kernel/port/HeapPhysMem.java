// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Physical memory on the Java heap, for kernel-model unit tests and pure-Java decoding. Up to
 * 1 GiB. It has no host address, so native writers build into a buffer and copy.
 */
public final class HeapPhysMem implements PhysMem {
    private final byte[] ram;
    private final ByteBuffer le;

    public HeapPhysMem(long size) {
        if (size <= 0 || size > (1L << 30) || (size & 0xfff) != 0) {
            throw new IllegalArgumentException("heap RAM must be 4 KiB aligned and at most 1 GiB: " + size);
        }
        ram = new byte[(int) size];
        le = ByteBuffer.wrap(ram).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int at(long pa, long len) {
        if (pa < 0 || len < 0 || pa + len > ram.length || pa + len < pa) {
            throw new MachineCheck(String.format("physical access 0x%x+0x%x outside RAM [0, 0x%x)", pa, len, (long) ram.length));
        }
        return (int) pa;
    }

    @Override public long size() { return ram.length; }
    @Override public byte read8(long pa) { return ram[at(pa, 1)]; }
    @Override public short read16(long pa) { return le.getShort(at(pa, 2)); }
    @Override public int read32(long pa) { return le.getInt(at(pa, 4)); }
    @Override public long read64(long pa) { return le.getLong(at(pa, 8)); }
    @Override public void write8(long pa, byte v) { ram[at(pa, 1)] = v; }
    @Override public void write16(long pa, short v) { le.putShort(at(pa, 2), v); }
    @Override public void write32(long pa, int v) { le.putInt(at(pa, 4), v); }
    @Override public void write64(long pa, long v) { le.putLong(at(pa, 8), v); }

    @Override
    public void read(long pa, byte[] dst, int off, int len) {
        System.arraycopy(ram, at(pa, len), dst, off, len);
    }

    @Override
    public void write(long pa, byte[] src, int off, int len) {
        System.arraycopy(src, off, ram, at(pa, len), len);
    }

    @Override
    public void fill(long pa, long len, byte value) {
        int s = at(pa, len);
        java.util.Arrays.fill(ram, s, s + (int) len, value);
    }

    @Override
    public void copy(long dstPa, long srcPa, long len) {
        System.arraycopy(ram, at(srcPa, len), ram, at(dstPa, len), (int) len);
    }

    @Override
    public ByteBuffer window(long pa, int len) {
        return ByteBuffer.wrap(ram, at(pa, len), len).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long hostAddress(long pa, long len) {
        at(pa, len);
        return 0;
    }
}
