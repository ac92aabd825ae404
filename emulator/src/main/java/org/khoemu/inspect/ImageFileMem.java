// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.port.MachineCheck;
import org.khoemu.kernel.port.PhysMem;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A raw RAM image file read in place as physical memory (file offset = physical address; bytes
 * past the end of a sparse or short file read as zero up to the RAM size). Read-only: inspect
 * never needs more, and nothing is loaded that is not looked at.
 */
public final class ImageFileMem implements PhysMem, Closeable {
    private final FileChannel ch;
    private final long ramSize;
    private final long fileSize;

    public ImageFileMem(Path image, long ramSize) throws IOException {
        this.ch = FileChannel.open(image, StandardOpenOption.READ);
        this.ramSize = ramSize;
        this.fileSize = ch.size();
    }

    private void check(long pa, long len) {
        if (pa < 0 || len < 0 || len > ramSize || pa > ramSize - len) {
            throw new MachineCheck(String.format("physical access 0x%x+0x%x outside RAM [0, 0x%x)", pa, len, ramSize));
        }
    }

    @Override public long size() { return ramSize; }

    @Override
    public void read(long pa, byte[] dst, int off, int len) {
        check(pa, len);
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        try {
            long pos = pa;
            while (b.hasRemaining() && pos < fileSize) {
                int n = ch.read(b, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the image at 0x" + Long.toHexString(pa) + ": " + e.getMessage(), e);
        }
        while (b.hasRemaining()) {
            b.put((byte) 0);
        }
    }

    private ByteBuffer le(long pa, int len) {
        return ByteBuffer.wrap(read(pa, len)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override public byte read8(long pa) { return read(pa, 1)[0]; }
    @Override public short read16(long pa) { return le(pa, 2).getShort(); }
    @Override public int read32(long pa) { return le(pa, 4).getInt(); }
    @Override public long read64(long pa) { return le(pa, 8).getLong(); }

    @Override
    public ByteBuffer window(long pa, int len) {
        return le(pa, len).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override public long hostAddress(long pa, long len) { check(pa, len); return 0; }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a RAM image opened for inspection is read-only");
    }

    @Override public void write8(long pa, byte v) { throw readOnly(); }
    @Override public void write16(long pa, short v) { throw readOnly(); }
    @Override public void write32(long pa, int v) { throw readOnly(); }
    @Override public void write64(long pa, long v) { throw readOnly(); }
    @Override public void write(long pa, byte[] src, int off, int len) { throw readOnly(); }
    @Override public void fill(long pa, long len, byte value) { throw readOnly(); }
    @Override public void copy(long dstPa, long srcPa, long len) { throw readOnly(); }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
