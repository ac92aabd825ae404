// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fuzz;

import org.khoemu.kernel.luo.LuoUapiChecks;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded lifecycle fuzzing of {@code /dev/liveupdate}: {@code seqs} sequences, each of a length
 * drawn up to {@code maxLen} on its own machine, their seeds drawn from {@code seed}. The same
 * seed gives the same sequences; each finding carries the {@link ReplayId} that repeats it alone.
 */
public final class LuoFuzzer {
    private final LuoAbiProfile abi;
    private final LuoUapiChecks checks;

    public LuoFuzzer(LuoAbiProfile abi, LuoUapiChecks checks) {
        this.abi = abi;
        this.checks = checks;
    }

    /** What a campaign did. */
    public record Summary(int sequences, long operations, long kexecs, long verified, List<LuoFuzzFinding> findings) {
    }

    /** Runs the campaign; {@code progress} sees each sequence's number and its finding (or null). */
    public Summary run(long seed, int seqs, int maxLen, ProgressSink progress) {
        SplittableRandom master = new SplittableRandom(seed);
        List<LuoFuzzFinding> findings = new ArrayList<>();
        long ops = 0;
        long kexecs = 0;
        long verified = 0;
        for (int i = 0; i < seqs; i++) {
            ReplayId id = new ReplayId(master.nextLong(), 1 + master.nextInt(maxLen));
            LuoFuzzRun run = new LuoFuzzRun(id, abi, checks, line -> { });
            LuoFuzzFinding f = run.run();
            ops += f == null ? id.length() : f.step();
            kexecs += run.kexecs();
            verified += run.verified();
            if (f != null) {
                findings.add(f);
            }
            progress.sequence(i, id, f);
        }
        return new Summary(seqs, ops, kexecs, verified, List.copyOf(findings));
    }

    /** One sequence again; null when every invariant holds. */
    public LuoFuzzFinding replay(ReplayId id) {
        return replay(id, line -> { });
    }

    /** The same, {@code trace} seeing one line per operation (step, name, choices, errno). */
    public LuoFuzzFinding replay(ReplayId id, Consumer<String> trace) {
        return new LuoFuzzRun(id, abi, checks, trace).run();
    }

    /** Where a campaign reports as it goes. */
    @FunctionalInterface
    public interface ProgressSink {
        void sequence(int index, ReplayId id, LuoFuzzFinding finding);

        static ProgressSink of(Consumer<LuoFuzzFinding> onFinding) {
            return (i, id, f) -> {
                if (f != null) {
                    onFinding.accept(f);
                }
            };
        }
    }
}
