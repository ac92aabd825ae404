// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.serve.ServeSocket;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --socket} of {@code serve}, {@code exec} and {@code kexec}: where the server listens. */
final class ServerSocketOption {
    @Option(names = "--socket", paramLabel = "PATH", description = "The server's socket (default: $KHOEMU_SOCKET, "
            + "else /tmp/khoemu.sock).")
    Path socket;

    /** The socket given, else the default. */
    Path path() {
        return socket != null ? socket : ServeSocket.defaultPath();
    }
}
