// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.fdt.DtsPrinter;
import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtDump;
import org.khoemu.fdt.FdtException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code khoemu fdt dts FILE} and {@code khoemu fdt dump FILE}: decode a flattened device tree
 * blob (e.g. one written by khoemu into a RAM image) after validating it as untrusted input.
 * A bad file ends with one line {@code khoemu: FILE: reason} and exit status 1.
 */
@Command(name = "fdt", mixinStandardHelpOptions = true,
        description = "Decode a flattened device tree blob (validated as untrusted input).",
        subcommands = {FdtCommand.Dts.class, FdtCommand.Dump.class})
final class FdtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "fdt: missing subcommand: dts or dump");
    }

    /** Reads FILE as an untrusted blob and prints one rendering of it. */
    abstract static class Decode implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The .dtb file, or with --tree a handover image or dump.")
        Path file;

        @Option(names = "--tree", paramLabel = "kho|luo", description = "FILE is a handover (khoemu image, capture "
                + "page file, QEMU ELF core or raw RAM): decode its KHO FDT or its LUO FDT, read from its RAM.")
        HandoverTree tree;

        @Mixin
        DumpOptionsMixin dump = new DumpOptionsMixin();

        abstract String format(Fdt fdt);

        @Override
        public Integer call() {
            return tree == null ? print(spec, file, this::format) : tree.print(spec, file, dump.options(), this::format);
        }
    }

    @Command(name = "dts", mixinStandardHelpOptions = true,
            description = "Print the tree as DTS source, exactly as 'dtc -I dtb -O dts' does.")
    static final class Dts extends Decode {
        @Override
        String format(Fdt fdt) {
            return DtsPrinter.print(fdt);
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print header, reserve map, strings block and every structure token with its offset.")
    static final class Dump extends Decode {
        @Override
        String format(Fdt fdt) {
            return FdtDump.dump(fdt);
        }
    }

    private static int print(CommandSpec spec, Path file, Function<Fdt, String> format) {
        String text;
        try {
            text = format.apply(Fdt.fromBytes(read(file)));
        } catch (FdtException e) {
            throw new FdtFileException(file, e.getMessage());
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Largest file read whole; an FDT's totalsize is a u32, but no real tree is near this. */
    static final int MAX_FILE = 256 << 20;

    /**
     * Reads FILE, which must be a regular file: a device such as /dev/zero or a FIFO has no
     * size to check and could be endless or block forever. Even a regular file is read only
     * up to one byte past the limit, since its size may be 0 (/proc) or grow while read.
     */
    private static byte[] read(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw new FdtFileException(file, "is a directory");
            }
            if (!a.isRegularFile()) {
                throw new FdtFileException(file, "not a regular file (a device, FIFO or socket is not read)");
            }
            if (a.size() > MAX_FILE) {
                throw new FdtFileException(file, "file of " + a.size() + " bytes is larger than the "
                        + MAX_FILE + "-byte limit for a device tree blob");
            }
            return readAtMost(file, MAX_FILE);
        } catch (NoSuchFileException e) {
            throw new FdtFileException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new FdtFileException(file, "permission denied");
        } catch (IOException e) {
            throw new FdtFileException(file, "cannot read: " + e.getMessage());
        }
    }

    /** The whole file if it has at most {@code max} bytes; reads at most {@code max + 1}. */
    static byte[] readAtMost(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new FdtFileException(file, "file is larger than the " + max
                        + "-byte limit for a device tree blob");
            }
            return b;
        }
    }

    /** A file-level failure; Main prints its message after "khoemu: ". */
    static final class FdtFileException extends RuntimeException {
        FdtFileException(Path file, String reason) {
            super(file + ": " + reason);
        }
    }
}
