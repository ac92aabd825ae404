// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

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

import java.util.concurrent.TimeUnit;

/**
 * {@code sessionSerialize}: the reboot-time write of n outgoing sessions (each file frozen and
 * its entry written into the session's file array, then the session entry) into the preserved
 * session block in the machine's RAM, by {@code LuoSessions.serialize}; its C twin writes the
 * same bytes (checked at setup) from the same sessions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionSerialize {
    static final int C_LOOPS = 256;

    @Param({"1", "8", "64", "256", "512", "819"})
    public int n;

    @Param({"0", "4"})
    public int files;

    @Param({"seed-v6", "v6.19"})
    public String abi;

    private BenchKernel k;
    private CBaseline c;

    @Setup(Level.Trial)
    public void setup() {
        k = BenchKernel.serialized(abi, n, files);
        c = CBaseline.twinOf(k);
        if (c == null) {
            return;
        }
        c.checkSameBytes();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (c != null) {
            c.close();
        }
        k.close();
    }

    @Benchmark
    public void sessionSerialize() {
        k.luo.sessions().serialize();
    }

    @Benchmark
    @OperationsPerInvocation(C_LOOPS)
    public long sessionSerialize_c() {
        return c.serialize(C_LOOPS);
    }
}
