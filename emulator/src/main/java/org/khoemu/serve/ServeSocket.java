// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where {@code khoemu serve} listens, and the one-request client {@code khoemu kexec} uses. */
public final class ServeSocket {
    public static final String ENV = "KHOEMU_SOCKET";

    private ServeSocket() {
    }

    /** Where a server listens when nothing else is said; the C supervisor's kexec has the same. */
    public static final Path DEFAULT = Path.of("/tmp/khoemu.sock");

    /** $KHOEMU_SOCKET, else {@link #DEFAULT}. */
    public static Path defaultPath() {
        String env = System.getenv(ENV);
        return env != null && !env.isEmpty() ? Path.of(env) : DEFAULT;
    }

    /** True when a server accepts connections at {@code socket}. */
    public static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends {@code op} with no payload; returns the status word and the message after it. */
    public static String call(Path socket, int op, int[] status) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer r = ServeProtocol.call(ch, op, ServeProtocol.le(0));
            status[0] = r.getInt();
            byte[] b = new byte[r.remaining()];
            r.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
