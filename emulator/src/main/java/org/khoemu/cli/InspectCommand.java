// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code khoemu inspect IMAGE}: decode a handover image without booting it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode a handover image without booting it: boot_params, setup_data, kho_data, the KHO FDT, "
                + "the preserved-memory map, the LUO FDT, sessions and files.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A RAM image written by 'khoemu run' (handover.img).")
    Path image;

    @Option(names = "--hex", description = "Also show annotated xxd-style hexdumps of every structure.")
    boolean hex;

    @Override
    public Integer call() {
        return 1;
    }
}
