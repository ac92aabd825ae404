// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.serve.ServeProtocol;
import org.khoemu.serve.ServeSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "kexec", mixinStandardHelpOptions = true,
        description = "kexec the machine of 'khoemu serve' to the next kernel (kexec_file_load, reboot(KEXEC) on the "
                + "emulated CPU, boot from the handover); programs then see the new kernel's /dev/liveupdate.")
final class KexecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerSocketOption server;

    @Override
    public Integer call() {
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
}
