// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Artefacts appear whole or not at all: each is written to a temporary file in the same
 * directory and renamed over the target, so a failure later in a run never leaves a half
 * written file or destroys one written earlier.
 */
public final class AtomicFiles {
    /** Something that writes a complete file at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path tmp) throws IOException;
    }

    private static final java.util.concurrent.atomic.AtomicLong SEQ = new java.util.concurrent.atomic.AtomicLong();

    private AtomicFiles() {
    }

    public static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            String why = e instanceof FileAlreadyExistsException ? "not a directory" : reason(e);
            throw new UncheckedIOException("cannot create directory " + dir + ": " + why, e);
        }
    }

    /**
     * Makes {@code dir} if needed and proves a file can be created in it, so a run fails before
     * any work rather than at its first save. The exception's message says why in words.
     */
    public static void checkWritableDirectory(Path dir) {
        createDirectories(dir);
        if (!Files.isDirectory(dir)) {
            String m = dir + " is not a directory";
            throw new UncheckedIOException(m, new IOException(m));
        }
        Path probe = dir.resolve(".khoemu-probe." + ProcessHandle.current().pid() + "." + SEQ.incrementAndGet());
        try {
            Files.deleteIfExists(Files.createFile(probe));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file in " + dir + ": " + reason(e), e);
        }
    }

    /** Deletes the files {@code names} in {@code dir} that exist; other files are left alone. */
    public static void deleteAll(Path dir, java.util.List<String> names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + p + ": " + reason(e), e);
            }
        }
    }

    /** What went wrong, in words: Java's file-system exceptions often carry only the path. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? Failures.kind(e) : e.getMessage();
    }

    public static void write(Path target, byte[] bytes) {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // a plain new file (not createTempFile, which is 0600): artefacts get the umask's mode
            tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + SEQ.incrementAndGet() + ".tmp");
            Files.deleteIfExists(tmp);
            writer.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename consumed it, or the directory vanished: nothing to clean up
                }
            }
        }
    }
}
