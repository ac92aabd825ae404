// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The IMAGE argument shared by the commands that read a saved handover. */
final class ImageParameter {
    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "A RAM image written by 'khoemu run' (handover.img); its sidecar IMAGE.json must be beside it.")
    Path image;
}
