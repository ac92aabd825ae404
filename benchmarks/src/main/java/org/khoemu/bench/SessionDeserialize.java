// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.kernel.luo.LuoSession;
import org.khoemu.kernel.luo.LuoSessionList;
import org.khoemu.kernel.luo.LuoSessionLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code sessionDeserialize}: the first-open rebuild of n incoming sessions from a session block
 * in the machine's RAM ({@code LuoSessions.rebuild}, the part of deserialization before the block
 * is freed), with the seed's linear duplicate-name walk ({@code faithful}) or a hash set
 * ({@code hashed}); the C twin does the same with the same check. Setup checks that the C twin
 * rebuilds the same names and tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionDeserialize {
    static final int C_LOOPS = 32;

    @Param({"1", "8", "64", "256", "512", "819"})
    public int n;

    @Param({"0", "4"})
    public int files;

    @Param({"faithful", "hashed"})
    public String variant;

    @Param({"seed-v6"})
    public String abi;

    private BenchKernel k;
    private CBaseline c;
    private LuoSessionLookup lookup;
    private boolean hashed;

    @Setup(Level.Trial)
    public void setup() {
        lookup = LuoSessionLookup.valueOf(variant.toUpperCase(Locale.ROOT));
        hashed = lookup == LuoSessionLookup.HASHED;
        k = BenchKernel.serialized(abi, n, files);
        c = CBaseline.twinOf(k);
        if (c == null) {
            int got = k.luo.sessions().rebuild(k.blockPa(), lookup, null).sessions().size();
            if (got != n) {
                throw new IllegalStateException("the rebuild found " + got + " of " + n + " sessions");
            }
            return;
        }
        checkSameSessions();
    }

    private void checkSameSessions() {
        LuoSessionList java = k.luo.sessions().rebuild(k.blockPa(), lookup, null);
        long r = c.deserialize(hashed, 1);
        List<LuoSession> s = java.sessions();
        if (r != 0 || c.inserted() != s.size()) {
            throw new IllegalStateException("C rebuilt " + c.inserted() + " sessions (" + r + "), Java " + s.size());
        }
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i).name().equals(c.incomingName(i)) || s.get(i).fileCount() != files
                    || (files > 0 && c.incomingToken(i, files - 1) != (((long) i << 20) | (files - 1)))) {
                throw new IllegalStateException("session " + i + ": Java [" + s.get(i).name() + "] with "
                        + s.get(i).fileCount() + " files, C [" + c.incomingName(i) + "]");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (c != null) {
            c.close();
        }
        k.close();
    }

    @Benchmark
    public LuoSessionList sessionDeserialize() {
        return k.luo.sessions().rebuild(k.blockPa(), lookup, null);
    }

    @Benchmark
    @OperationsPerInvocation(C_LOOPS)
    public long sessionDeserialize_c() {
        return c.deserialize(hashed, C_LOOPS);
    }
}
