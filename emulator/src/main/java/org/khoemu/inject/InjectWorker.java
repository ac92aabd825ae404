// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import com.google.gson.JsonObject;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A campaign worker: a JVM of its own that opens the clean handover once, then reads
 * {@code MODE FAULT-ID} lines on stdin and answers each with one JSON line on stdout
 * ({@link WorkerPool} is the other end). A crash or a hang here costs only this process: the
 * pool reports the fault it was running and starts another worker.
 * Arguments: campaign, ABI profile, directory of the clean handover.
 */
public final class InjectWorker {
    /** The first line a worker writes once its clean handover is loaded. */
    static final String READY = "ready";

    private InjectWorker() {
    }

    public static void main(String[] args) throws Exception {
        // only the protocol goes to stdout: anything else printed lands on stderr
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (args.length != 3) {
            System.err.println("khoemu: inject worker: expected CAMPAIGN ABI CLEAN-DIR");
            System.exit(2);
        }
        try (Campaign c = Campaign.open(args[0], LuoAbiProfiles.byName(args[1]), Path.of(args[2]))) {
            out.println(READY);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                int sp = line.indexOf(' ');
                String mode = line.substring(0, Math.max(sp, 0));
                String id = line.substring(sp + 1);
                JsonObject j = new JsonObject();
                j.addProperty("id", id);
                j.addProperty("mode", mode);
                try {
                    Campaign.Result r = c.run(Fault.parse(id), mode);
                    j.addProperty("pa", r.pa());
                    j.addProperty("class", r.cls());
                    j.addProperty("outcome", r.outcome().kind().name());
                    j.addProperty("detail", r.outcome().detail());
                    com.google.gson.JsonArray fs = new com.google.gson.JsonArray();
                    r.outcome().findings().forEach(fs::add);
                    j.add("findings", fs);
                } catch (BadFieldException e) {
                    j.addProperty("error", e.getMessage());
                }
                out.println(j);
                out.flush();
            }
        }
    }
}
