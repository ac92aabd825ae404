// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.serve.PrivateServer;
import org.khoemu.serve.ServeSocket;
import org.khoemu.serve.SupervisorBinary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run CMD under khoemu's seccomp supervisor: its open(\"/dev/liveupdate\") and LUO ioctls go to "
                + "'khoemu serve', every other system call to the host. Exits with CMD's status. When no server is "
                + "given (--socket, $KHOEMU_SOCKET) and none answers at the default socket, or with --abi, a private "
                + "server runs for CMD alone and is stopped, with what CMD left behind, when CMD ends.")
final class ExecCommand implements Callable<Integer> {
    /** RAM of a private server: as 'khoemu serve' by default. */
    static final long PRIVATE_RAM = 256L << 20;

    @Mixin
    ServerSocketOption server;

    @Option(names = "--abi", paramLabel = "PROFILE", converter = AbiConverter.class,
            description = "Run CMD against a private server of this LUO ABI profile (default: the running server, "
                    + "else a private one of the default profile).")
    String abi;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        LuoAbiProfile profile = abi != null ? LuoAbiProfiles.byName(abi) : LuoAbiProfiles.DEFAULT;
        Path s = server.path();
        boolean given = server.socket != null || System.getenv(ServeSocket.ENV) != null;
        if (abi != null || (!given && !ServeSocket.answers(s))) {
            StringWriter log = new StringWriter();
            try (PrivateServer ps = new PrivateServer(PRIVATE_RAM, profile, new PrintWriter(log, true))) {
                return run(ps.socket());
            }
        }
        return run(s);
    }

    private int run(Path socket) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(SupervisorBinary.path().toString());
        argv.add(socket.toString());
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        // CMD's own children (a script's `kexec -e`, `khoemu kexec`) find this server
        pb.environment().put(ServeSocket.ENV, socket.toString());
        return pb.start().waitFor();
    }
}
