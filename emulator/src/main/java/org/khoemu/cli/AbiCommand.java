// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.abi.DiffText;
import org.khoemu.abi.GoldenImages;
import org.khoemu.abi.LayoutJson;
import org.khoemu.abi.PaholeText;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code khoemu abi layout} and {@code khoemu abi diff}: the declarative layout table of an ABI
 * profile, as the serializer, the inspector and the differ read it.
 */
@Command(name = "abi", mixinStandardHelpOptions = true,
        description = "The LUO/KHO ABI profiles' layout tables: print one, compare two, write golden images, or "
                + "live-update across every pair of generations.",
        subcommands = {AbiCommand.Layout.class, AbiCommand.Diff.class, AbiCommand.Golden.class,
                AbiMatrixCommand.class})
final class AbiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "abi: missing subcommand: layout, diff, golden or matrix");
    }

    @Command(name = "layout", mixinStandardHelpOptions = true,
            description = "Print a profile's structs (pahole-like: offset, size, type, meaning), maxima, FDT names "
                    + "and compatible strings.")
    static final class Layout implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AbiProfileOption abi = new AbiProfileOption();

        @Option(names = "--json", description = "The table as JSON instead of C-like text.")
        boolean json;

        @Override
        public Integer call() {
            var layout = abi.profile().layout();
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? LayoutJson.render(layout) : PaholeText.render(layout));
            out.flush();
            return 0;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Field-level differences from P1 to P2 (added, removed, moved, resized) and compatible-string "
                    + "changes. Exit 1 when a layout changed but the compatible string that versions it did not.")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "P1", converter = AbiConverter.class, description = "The older profile.")
        String from;

        @Parameters(index = "1", paramLabel = "P2", converter = AbiConverter.class, description = "The newer profile.")
        String to;

        @Override
        public Integer call() {
            return DiffText.print(LuoAbiProfiles.byName(from).layout(), LuoAbiProfiles.byName(to).layout(),
                    spec.commandLine().getOut());
        }
    }

    @Command(name = "golden", mixinStandardHelpOptions = true,
            description = "Run one fixed, seeded live update under a profile and write its ABI pieces: the KHO and LUO "
                    + "FDTs (.bin and .dts), the session block, each session's file array (.bin) and an annotated "
                    + "hexdump (annotated.txt).")
    static final class Golden implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AbiProfileOption abi = new AbiProfileOption();

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the files go, made if missing.")
        Path out;

        @Override
        public Integer call() {
            try {
                AtomicFiles.checkWritableDirectory(out);
            } catch (UncheckedIOException e) {
                throw new InvalidValueException(spec.commandLine(), "--out", "'" + out + "'",
                        "a directory khoemu can write: " + e.getMessage());
            }
            PrintWriter o = spec.commandLine().getOut();
            for (String name : GoldenImages.write(abi.profile(), out)) {
                o.println(out.resolve(name));
            }
            o.flush();
            return 0;
        }
    }
}
