// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.scenario.Units;
import org.khoemu.serve.LuoServer;
import org.khoemu.serve.ServedMachine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Hold one machine with kernel A cold-booted and answer /dev/liveupdate requests of programs run "
                + "by 'khoemu exec' over a Unix socket; 'khoemu kexec' moves it to the next kernel.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerSocketOption server;

    @Option(names = "--ram", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest RAM, e.g. 256M, 1G (default: 256M).")
    long ram = 256L << 20;

    @Mixin
    AbiProfileOption abi = new AbiProfileOption();

    @Override
    public Integer call() throws Exception {
        var cl = spec.commandLine();
        LuoAbiProfile profile = abi.profile();
        if (ram < RunCommand.MIN_RAM || ram > RunCommand.MAX_RAM || (ram & 0xfff) != 0) {
            throw new InvalidValueException(cl, "--ram", Units.human(ram), "a multiple of 4 KiB from 64 MiB to 64 GiB");
        }
        Path s = server.path();
        Path dir = s.toAbsolutePath().getParent();
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            throw new InvalidValueException(cl, "--socket", "'" + s + "'", "a path in an existing directory");
        }
        PrintWriter err = cl.getErr();
        try (ServedMachine m = new ServedMachine(ram, profile)) {
            err.printf("khoemu serve: kernel A up (%s of RAM, LUO ABI %s, session-fd checks of %s)%n", Units.human(ram),
                    profile.name(), LuoUapiChecks.of(profile).name());
            new LuoServer(m, s, err).run();
        }
        return 0;
    }
}
