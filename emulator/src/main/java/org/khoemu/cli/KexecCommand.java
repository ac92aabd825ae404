// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.serve.KexecEntry;
import org.khoemu.serve.ServeProtocol;
import org.khoemu.serve.ServeSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "kexec", mixinStandardHelpOptions = true,
        description = "kexec the machine of 'khoemu serve' to the next kernel (kexec_file_load, reboot(KEXEC) on the "
                + "emulated CPU, boot from the handover); programs then see the new kernel's /dev/liveupdate. "
                + "With --install DIR, write DIR/kexec instead: a kexec-tools stand-in for PATH ('kexec -l ...' is "
                + "accepted, 'kexec -e' kexecs), so that scripts such as the selftests' do_kexec.sh run unmodified.")
final class KexecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerSocketOption server;

    @Option(names = "--install", paramLabel = "DIR", description = "Write DIR/kexec (a two-line script running "
            + "khoemu's C supervisor, no JVM) and exit; with --socket it is bound to that server, else it uses "
            + "$KHOEMU_SOCKET or the default socket when it runs.")
    Path install;

    @Override
    public Integer call() {
        if (install != null) {
            return install();
        }
        Path s = server.path();
        int[] status = new int[1];
        String msg;
        try {
            msg = ServeSocket.call(s, ServeProtocol.OP_KEXEC, status);
        } catch (IOException e) {
            spec.commandLine().getErr().println("khoemu: " + s + ": " + e.getMessage() + " (is 'khoemu serve' running?)");
            return 1;
        }
        (status[0] == 0 ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(
                (status[0] == 0 ? "" : "khoemu: kexec failed: ") + msg);
        return status[0] == 0 ? 0 : 1;
    }

    private int install() {
        if (!Files.isDirectory(install)) {
            spec.commandLine().getErr().println("khoemu: " + install + ": not a directory");
            return 1;
        }
        try {
            Path e = KexecEntry.install(install, server.socket);
            spec.commandLine().getOut().println(e + ": kexec -e kexecs the server at "
                    + (server.socket != null ? server.socket.toString() : "$" + ServeSocket.ENV + " or " + ServeSocket.defaultPath()));
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("khoemu: " + install + ": " + e.getMessage());
            return 1;
        }
    }
}
