// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code khoemu run}: the live update demo. Until the machine and both kernels exist it only
 * reports what this build contains, and says plainly that no live update ran.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the default live-update scenario on the emulated machine.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("khoemu 0.1.0: this build contains the fdt module (libfdt through JNA).");
        out.println("The machine and the kernel models are not built yet: no live update was run.");
        return 1;
    }
}
