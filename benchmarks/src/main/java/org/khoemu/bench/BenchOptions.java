// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of {@code khoemu bench}. A bad option is a {@link BadOption}: one line, exit 2.
 */
record BenchOptions(Profile profile, Pattern filter, Path out, Path compare, Path from, boolean help, LuoAbiProfile abi) {
    /** How long each figure is measured. */
    enum Profile { FULL, QUICK, SMOKE }

    static final String USAGE = """
            Usage: khoemu bench [--quick] [--filter REGEX] [--abi PROFILE] [--out DIR] [--compare OLD.json]
            Runs the JMH benchmarks of the LUO/KHO handover on the real classes, with their C twins
            and the memcpy floor measured in the same run, and writes jmh.json, results.md and
            charts/*.png into DIR.
              --quick            fewer sizes and shorter iterations (a few minutes on 2 cores)
              --smoke            one tiny iteration of every figure (proves the harness works)
              --filter REGEX     only the figures whose name matches (their C twin and the floor
                                 always run), e.g. 'sessionSerialize|liveUpdate$'
              --abi PROFILE      measure every figure under this LUO ABI profile only (default:
                                 each figure's own); session counts above the profile's
                                 LUO_SESSION_MAX are measured at LUO_SESSION_MAX; luo-v5
                                 adds 100,000 sessions and one session of 10,000 files;
                                 figures with no equivalent there (C twins, LUO FDT) are
                                 left out and named
              --out DIR          output directory (default khoemu-bench)
              --compare OLD.json mark each figure whose ratio moved beyond the noise measured
                                 across forks against an earlier jmh.json; exit 1 if one regressed
              --from RUN.json    measure nothing: redraw the table and charts (and --compare)
                                 from an earlier jmh.json
              -h, --help         this text
            """;

    static final class BadOption extends Exception {
        BadOption(String message) {
            super(message);
        }
    }

    static BenchOptions parse(String[] args) throws BadOption {
        Profile profile = Profile.FULL;
        Pattern filter = null;
        Path out = Path.of("khoemu-bench");
        Path compare = null;
        Path from = null;
        boolean help = false;
        LuoAbiProfile abi = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--quick", "--smoke", "-h", "--help" -> {
                    if (value != null) {
                        throw new BadOption("option '" + a + "' takes no value");
                    }
                    if (a.equals("--quick") || a.equals("--smoke")) {
                        Profile p = a.equals("--quick") ? Profile.QUICK : Profile.SMOKE;
                        if (profile != Profile.FULL && profile != p) {
                            throw new BadOption("--quick and --smoke exclude each other");
                        }
                        profile = p;
                    } else {
                        help = true;
                    }
                }
                case "--filter", "--out", "--compare", "--from", "--abi" -> {
                    if (value == null) {
                        if (i + 1 == args.length) {
                            throw new BadOption("option '" + a + "' needs a value");
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty()) {
                        throw new BadOption("option '" + a + "' needs a non-empty value");
                    }
                    switch (a) {
                        case "--filter" -> {
                            try {
                                filter = Pattern.compile(value);
                            } catch (PatternSyntaxException e) {
                                throw new BadOption("--filter '" + value + "' is not a regular expression: "
                                        + e.getDescription());
                            }
                        }
                        case "--out" -> out = Path.of(value);
                        case "--abi" -> {
                            try {
                                abi = LuoAbiProfiles.byName(value);
                            } catch (IllegalArgumentException e) {
                                throw new BadOption("--abi '" + value + "' is none of " + String.join(", ",
                                        LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList()));
                            }
                        }
                        case "--from" -> from = Path.of(value);
                        default -> compare = Path.of(value);
                    }
                }
                default -> throw new BadOption(a.startsWith("-") ? "unknown option '" + a + "' (see --help)"
                        : "unexpected argument '" + a + "' (see --help)");
            }
        }
        if (from != null && (profile != Profile.FULL || filter != null || abi != null)) {
            throw new BadOption("--from measures nothing: it takes no --quick, --smoke, --filter or --abi");
        }
        return new BenchOptions(profile, filter, out, compare, from, help, abi);
    }
}
