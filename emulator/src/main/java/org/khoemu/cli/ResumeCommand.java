// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code khoemu resume IMAGE}: boot kernel B from a saved handover image. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Boot kernel B from a saved handover image, retrieve every LUO session and file, and print them.")
final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A RAM image written by 'khoemu run' (handover.img).")
    Path image;

    @Override
    public Integer call() {
        return 1;
    }
}
