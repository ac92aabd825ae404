// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.serve.SupervisorBinary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run CMD under khoemu's seccomp supervisor: its open(\"/dev/liveupdate\") and LUO ioctls go to "
                + "'khoemu serve', every other system call to the host. Exits with CMD's status.")
final class ExecCommand implements Callable<Integer> {
    @Mixin
    ServerSocketOption server;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(SupervisorBinary.path().toString());
        argv.add(server.path().toString());
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).inheritIO().start();
        return p.waitFor();
    }
}
