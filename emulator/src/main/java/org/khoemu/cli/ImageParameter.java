// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.dump.DumpOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * The IMAGE argument shared by the commands that read a saved handover, with the options a
 * real dump may need (a khoemu image needs none: its sidecar has them).
 */
final class ImageParameter {
    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "A handover: a RAM image written by 'khoemu run' (handover.img, its sidecar IMAGE.json beside "
                    + "it), a capture's page file (handover.pages, capture.json beside it), QEMU's dump-guest-memory ELF "
                    + "core, or a raw RAM file as QEMU's pmemsave writes it.")
    Path image;

    @Mixin
    DumpOptionsMixin dump = new DumpOptionsMixin();

    @Option(names = "--accept-modified",
            description = "Load a khoemu image even if its pages no longer match its sidecar (changed other than by "
                    + "'khoemu poke', which records its edits).")
    boolean acceptModified;

    DumpOptions options() {
        DumpOptions o = dump.options();
        return new DumpOptions(o.rsi(), o.khoFdt(), o.ramBytes(), o.abi(), acceptModified);
    }
}
