// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;

/**
 * The wire between {@code khoemu-supervise} (C) and {@code khoemu serve}: a request is
 * {@code u32 op, u32 length, payload}, a reply {@code u32 length, payload}; all little-endian, the
 * host's order, because both ends run on this host.
 */
public final class ServeProtocol {
    /** {@code open("/dev/liveupdate")}: reply s32 served fd or -errno. */
    public static final int OP_OPEN = 1;
    /** s32 served fd, u32 request, s32 imported fd to drop after (or -1), the arg bytes. */
    public static final int OP_IOCTL = 2;
    /** u64 kind (1 memfd, 0 any other file), u64 position, u64 supervisor pid, u64 its copy's fd, the bytes: reply s32 served fd. */
    public static final int OP_IMPORT = 3;
    /** s32 served fd: the last host reference to a LUO file is gone. */
    public static final int OP_RELEASE = 4;
    /** kexec the served machine to a new kernel: reply s32 status, a message. */
    public static final int OP_KEXEC = 5;
    /** End the server. */
    public static final int OP_STOP = 6;

    /** An ioctl's output carries no new file. */
    public static final int OUT_NONE = 0;
    /** The arg's fd field (offset 4) is a new served LUO file (a session). */
    public static final int OUT_LUO_FILE = 1;
    /** A retrieved memfd follows: u64 position, u64 size, the bytes. */
    public static final int OUT_MEMFD = 2;

    /** Largest request payload: a memfd import of up to 1 GiB plus its header. */
    public static final int MAX_PAYLOAD = (1 << 30) + 64;

    private ServeProtocol() {
    }

    public static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Exactly {@code n} bytes, or EOF when the peer closed before any byte of them. */
    public static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = le(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("peer closed");
            }
        }
        return b.flip();
    }

    public static void write(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Sends {@code payload} (flipped) as one reply. */
    public static void reply(SocketChannel ch, ByteBuffer payload) throws IOException {
        ByteBuffer h = le(4).putInt(payload.remaining()).flip();
        write(ch, h);
        write(ch, payload);
    }

    /** Sends one request; returns the reply's payload. */
    public static ByteBuffer call(SocketChannel ch, int op, ByteBuffer payload) throws IOException {
        write(ch, le(8).putInt(op).putInt(payload.remaining()).flip());
        write(ch, payload);
        int n = read(ch, 4).getInt();
        if (n < 0 || n > MAX_PAYLOAD) {
            throw new IOException("bad reply length " + n);
        }
        return read(ch, n);
    }
}
