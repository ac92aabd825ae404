// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.dump.DumpOptions;
import org.khoemu.emu.dump.HandoverFdts;
import org.khoemu.emu.dump.LoadedHandover;
import org.khoemu.fdt.Fdt;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.ImageFormatException;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.function.Function;

/** {@code khoemu fdt dts|dump --tree kho|luo IMAGE}: one of the handover's trees, read from its RAM. */
enum HandoverTree {
    kho, luo;

    int print(CommandSpec spec, Path image, DumpOptions o, Function<Fdt, String> format) {
        try (LoadedHandover h = org.khoemu.emu.dump.HandoverFiles.open(image, o)) {
            FdtBlob b;
            try {
                b = this == kho ? HandoverFdts.kho(h) : HandoverFdts.luo(h);
            } catch (ImageFormatException e) {
                throw new ImageFormatException(image + ": " + e.getMessage());
            }
            spec.commandLine().getOut().print(format.apply(b.fdt()));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
