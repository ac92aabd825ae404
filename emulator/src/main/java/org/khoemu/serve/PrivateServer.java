// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code khoemu serve} inside this JVM on a socket of its own: what {@code khoemu exec} starts
 * when no server is given, and stops when its command is done. Stopping it hangs up every
 * supervisor, which kills what the command left behind (as a power-off would).
 */
public final class PrivateServer implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final Thread thread;
    private volatile Throwable failure;

    public PrivateServer(long ramBytes, LuoAbiProfile abi, PrintWriter log) {
        try {
            dir = Files.createTempDirectory("khoemu-serve", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        socket = dir.resolve("k.sock");
        ServedMachine m = new ServedMachine(ramBytes, abi);
        CountDownLatch listening = new CountDownLatch(1);
        thread = new Thread(() -> {
            try (m) {
                new LuoServer(m, socket, log).onListening(listening::countDown).run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                listening.countDown();
            }
        }, "khoemu-private-serve");
        thread.setDaemon(true);
        thread.start();
        // the socket file appears at bind(); a client that connects before listen() is refused
        boolean interrupted = false;
        while (true) {
            try {
                listening.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null || !thread.isAlive()) {
            throw new IllegalStateException("the private server did not start: " + failure);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (thread.isAlive()) {
                ServeSocket.call(socket, ServeProtocol.OP_STOP, new int[1]);
                thread.join();
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
