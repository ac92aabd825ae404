// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code khoemu serve}'s socket: one thread per connection, one machine behind all of them. */
public final class LuoServer {
    private final ServedMachine machine;
    private final Path socket;
    private final PrintWriter log;
    private volatile boolean stopping;
    private final Set<ServeClient> clients = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Run once the socket accepts connections (its file exists from bind(), before listen()). */
    private Runnable onListening = () -> { };

    public LuoServer(ServedMachine machine, Path socket, PrintWriter log) {
        this.machine = machine;
        this.socket = socket;
        this.log = log;
    }

    /** {@code r} runs once connections are accepted: a connect between bind and listen is refused. */
    public LuoServer onListening(Runnable r) {
        this.onListening = r;
        return this;
    }

    /** Serves until a client sends STOP. */
    public void run() throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel srv = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                srv.bind(UnixDomainSocketAddress.of(socket));
            } catch (IOException | RuntimeException e) {
                throw new IOException(socket + ": " + e.getMessage(), e);
            }
            log.println("khoemu serve: listening on " + socket);
            log.flush();
            onListening.run();
            while (!stopping) {
                SocketChannel ch;
                try {
                    ch = srv.accept();
                } catch (IOException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                Thread t = new Thread(new ServeClient(ch, machine, log, () -> stop(srv), clients), "khoemu-serve-client");
                t.setDaemon(true);
                t.start();
                threads.removeIf(x -> !x.isAlive());
                threads.add(t);
            }
        } finally {
            Files.deleteIfExists(socket);
            // a stopped server is a machine switched off: every supervisor ends its processes
            synchronized (machine) {
                List.copyOf(clients).forEach(ServeClient::hangUp);
            }
            // their processes exit on the machine, which the caller closes once this returns
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private void stop(ServerSocketChannel srv) {
        stopping = true;
        try {
            srv.close();
        } catch (IOException e) {
            // closing is how accept() is woken; nothing else to do
        }
    }
}
