// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.inspect.InspectionPrinter;
import org.khoemu.inspect.KernelBRefusals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code khoemu inspect IMAGE}: decode a handover image without booting it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Decode a handover image without booting it: boot_params, setup_data, kho_data, the KHO FDT, "
                + "the preserved-memory map, the LUO FDT, sessions and files.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ImageParameter arg;

    @Option(names = "--hex", description = "Also show annotated xxd-style hexdumps of every structure.")
    boolean hex;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (HandoverImage img = HandoverImage.open(arg)) {
            out.print(img.summary());
            new InspectionPrinter(out, img.machine().mem(), hex).print(img.decoded());
            // decoded is not judged: what kernel B would refuse is flagged, with kernel B's own words
            List<String> refusals = KernelBRefusals.of(img.machine().mem(), img.decoded());
            if (!refusals.isEmpty()) {
                out.println();
                refusals.forEach(r -> out.println("kernel B would refuse: " + r));
                out.flush();
                spec.commandLine().getErr().println("khoemu: inspect: kernel B would refuse this handover: "
                        + refusals.get(0));
                return 1;
            }
        }
        return 0;
    }
}
