// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.compare.CompareReport;
import org.khoemu.compare.Findings;
import org.khoemu.compare.HandoverCompare;
import org.khoemu.emu.dump.DumpOptions;
import org.khoemu.emu.dump.HandoverFiles;
import org.khoemu.emu.image.RamImage;
import org.khoemu.emu.dump.LoadedHandover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code khoemu compare A B}: two handovers (khoemu images or real dumps, in any mix) walked
 * structure by structure; exit 0 only when every field is equal or differs only as an address.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two handovers structure by structure, following pointers: each field is equal, "
                + "address-only, or a real difference (value, layout, order, FDT property order, strings block). "
                + "Exit 0 only when there is no real difference.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The first handover (as for inspect).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The second handover.")
    Path b;

    /** For the real dumps among A and B (--rsi, --kho-fdt, --ram); a khoemu image ignores all but --abi. */
    @Mixin
    DumpOptionsMixin dump = new DumpOptionsMixin();

    @Option(names = "--json", description = "Print every field as JSON, for scripts.")
    boolean json;

    @Option(names = "--all", description = "Also list the fields that are equal.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LoadedHandover ha = HandoverFiles.open(a, optionsFor(a));
             LoadedHandover hb = HandoverFiles.open(b, optionsFor(b))) {
            Findings f = HandoverCompare.compare(ha, hb);
            String an = a + " (" + ha.format() + ", " + ha.profile().name() + ")";
            String bn = b + " (" + hb.format() + ", " + hb.profile().name() + ")";
            out.print(json ? CompareReport.json(f, an, bn) : CompareReport.text(f, an, bn, all));
            out.flush();
            return f.of(org.khoemu.compare.Finding.Kind.DIFFERENT).isEmpty() ? 0 : 1;
        }
    }

    /** The dump options are for the real dumps; a khoemu image has its own in its sidecar (--abi aside). */
    private DumpOptions optionsFor(Path p) {
        DumpOptions o = dump.options();
        return java.nio.file.Files.exists(RamImage.sidecarOf(p)) ? new DumpOptions(0, 0, 0, o.abi()) : o;
    }
}
