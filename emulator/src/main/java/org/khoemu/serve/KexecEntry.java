// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code kexec} for PATH: a two-line script that runs the C supervisor in its kexec mode (no
 * JVM), so that scripts written for kexec-tools, such as the selftests' {@code do_kexec.sh}, move
 * the served machine unmodified: {@code kexec -l ...} is accepted, {@code kexec -e} kexecs.
 */
public final class KexecEntry {
    public static final String NAME = "kexec";

    private KexecEntry() {
    }

    /** Writes {@code dir/kexec}; {@code socket} null: $KHOEMU_SOCKET or the default, when it runs. */
    public static Path install(Path dir, Path socket) throws IOException {
        Path exe = SupervisorBinary.path();
        StringBuilder sh = new StringBuilder("#!/bin/sh\n# khoemu's kexec (khoemu kexec --install): -l is accepted, -e kexecs the served machine\n");
        sh.append("exec ").append(quote(exe.toAbsolutePath().toString())).append(" --kexec");
        if (socket != null) {
            sh.append(" --socket ").append(quote(socket.toAbsolutePath().toString()));
        }
        sh.append(" \"$@\"\n");
        Path entry = dir.resolve(NAME);
        Path tmp = Files.createTempFile(dir, ".kexec", ".tmp");
        try {
            Files.writeString(tmp, sh);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return entry;
    }

    /** A POSIX shell single-quoted word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
