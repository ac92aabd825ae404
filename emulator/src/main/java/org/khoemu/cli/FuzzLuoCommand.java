// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.fuzz.LuoFuzzFinding;
import org.khoemu.fuzz.LuoFuzzer;
import org.khoemu.fuzz.ReplayId;
import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

@Command(name = "fuzz-luo", mixinStandardHelpOptions = true,
        description = "Seeded lifecycle fuzzing of /dev/liveupdate through the device model 'khoemu serve' uses: random "
                + "sequences of open, create, preserve (memfds of random bytes), writes and seeks after preserve, "
                + "retrieve, finish, close, dup, fork, exit and real kexecs, each on its own machine. Checked: retrieved "
                + "files equal the freeze, errnos only from each operation's documented set, no preserved page left "
                + "after every session is closed or finished, no Java exception. Exit 0 when nothing was found, 1 with "
                + "one line per finding and its replay id.")
final class FuzzLuoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seqs", paramLabel = "N", description = "Sequences to run (default: ${DEFAULT-VALUE}).")
    int seqs = 100;

    @Option(names = "--seed", paramLabel = "S", description = "Campaign seed, decimal or 0x hex (default: random, printed).")
    String seed;

    @Option(names = "--len", paramLabel = "L", description = "Longest sequence, in operations (default: ${DEFAULT-VALUE}).")
    int len = 60;

    @Option(names = "--replay", paramLabel = "SEED:LEN", description = "Run the one sequence of a finding's replay id.")
    String replay;

    @Option(names = "--trace", description = "With --replay: print each operation (step, what it chose, its errno).")
    boolean trace;

    @Option(names = "--checks", paramLabel = "GEN", description = "Session-fd checks: 'profile' (those of the --abi "
            + "profile's kernel; the seed and v6.19 are 6.19.6), '6.19.6' or 'newest' (default: ${DEFAULT-VALUE}).")
    String checks = "profile";

    @Mixin
    AbiProfileOption abi = new AbiProfileOption();

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        if (seqs < 1 || seqs > 10_000_000) {
            throw new InvalidValueException(cl, "--seqs", Integer.toString(seqs), "1 to 10000000");
        }
        if (len < 1 || len > 100_000) {
            throw new InvalidValueException(cl, "--len", Integer.toString(len), "1 to 100000");
        }
        LuoAbiProfile profile = abi.profile();
        LuoUapiChecks gen = switch (checks) {
            case "profile" -> LuoUapiChecks.of(profile);
            case "6.19.6" -> LuoUapiChecks.V6_19_6;
            case "newest" -> LuoUapiChecks.NEWEST;
            default -> throw new InvalidValueException(cl, "--checks", "'" + checks + "'", "profile, 6.19.6 or newest");
        };
        LuoFuzzer fuzzer = new LuoFuzzer(profile, gen);
        if (replay != null) {
            ReplayId id;
            try {
                id = ReplayId.parse(replay);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(cl, "--replay", "'" + replay + "'", "SEED:LEN as printed by a finding");
            }
            LuoFuzzFinding f = fuzzer.replay(id, trace ? out::println : line -> { });
            out.println(f == null ? "replay " + id + ": no finding" : f.line());
            return f == null ? 0 : 1;
        }
        long s = parseSeed(cl);
        err.printf("fuzz-luo: seed %#x, %d sequences of up to %d operations, ABI %s, %s checks%n", s, seqs, len,
                profile.name(), gen.name());
        int every = Math.max(1, seqs / 10);
        long t0 = System.nanoTime();
        int[] found = new int[1];
        LuoFuzzer.Summary sum = fuzzer.run(s, seqs, len, (i, id, f) -> {
            if (f != null) {
                found[0]++;
                out.println(f.line());
                out.flush();
            }
            if ((i + 1) % every == 0 || i + 1 == seqs) {
                err.printf("fuzz-luo: %d/%d sequences, %d findings, %.1f s%n", i + 1, seqs, found[0],
                        (System.nanoTime() - t0) / 1e9);
                err.flush();
            }
        });
        out.printf("fuzz-luo: %d sequences, %d operations, %d kexecs, %d retrieved files checked, %d findings (seed %#x)%n",
                sum.sequences(), sum.operations(), sum.kexecs(), sum.verified(), sum.findings().size(), s);
        return sum.findings().isEmpty() ? 0 : 1;
    }

    private long parseSeed(picocli.CommandLine cl) {
        if (seed == null) {
            return new SecureRandom().nextLong();
        }
        try {
            return seed.startsWith("0x") ? Long.parseUnsignedLong(seed.substring(2), 16) : Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(cl, "--seed", "'" + seed + "'", "a decimal or 0x-hex 64-bit number");
        }
    }
}
