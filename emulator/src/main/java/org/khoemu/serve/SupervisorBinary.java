// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code khoemu-supervise}, the C supervisor the build compiles with the system gcc into the jar.
 * It is written once per content to a private directory, named by its hash, so that two versions
 * of khoemu never run each other's.
 */
public final class SupervisorBinary {
    static final String RESOURCE = "/org/khoemu/serve/khoemu-supervise";

    private SupervisorBinary() {
    }

    /** The executable on disk. */
    public static Path path() {
        byte[] bin;
        try (InputStream in = SupervisorBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("khoemu-supervise is not in this build (was it built without gcc?)");
            }
            bin = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bin)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "khoemu-" + System.getProperty("user.name"));
        Path exe = dir.resolve("khoemu-supervise-" + hash);
        try {
            if (Files.isExecutable(exe) && Files.size(exe) == bin.length) {
                return exe;
            }
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = Files.createTempFile(dir, "supervise", ".tmp");
            Files.write(tmp, bin);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
            Files.move(tmp, exe, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + exe + ": " + e.getMessage(), e);
        }
    }
}
