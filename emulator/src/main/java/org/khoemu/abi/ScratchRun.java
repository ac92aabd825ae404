// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.khoemu.scenario.AtomicFiles;
import org.khoemu.scenario.LiveUpdateScenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A live update whose artefacts are only a means: it runs in a fresh temporary directory that is
 * removed afterwards, whatever happened, so nothing of it stays behind.
 */
final class ScratchRun {
    private ScratchRun() {
    }

    static <T> T in(String prefix, Function<Path, T> body) {
        Path work;
        try {
            work = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            return body.apply(work);
        } finally {
            AtomicFiles.deleteAll(work, LiveUpdateScenario.ARTEFACTS);
            try {
                Files.deleteIfExists(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
