// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import com.sun.jna.Memory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The baselines every figure is divided by: {@code memcpyFloor}, a C memcpy of the 64 KiB session
 * block (no serializer can write the block faster), and {@code jnaCall}, the cost of one JNA call
 * into the C library, which the C twins spread over their inner loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Floor {
    static final int LOOPS = 256;
    static final int BLOCK = 16 << 12;

    private Memory src;
    private Memory dst;

    @Setup(Level.Trial)
    public void setup() {
        src = new Memory(BLOCK);
        dst = new Memory(BLOCK);
        for (int i = 0; i < BLOCK; i += 8) {
            src.setLong(i, i * 0x9E3779B97F4A7C15L);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        src.close();
        dst.close();
    }

    @Benchmark
    @OperationsPerInvocation(LOOPS)
    public long memcpyFloor() {
        return BenchLib.INSTANCE.kb_memcpy(dst, src, BLOCK, LOOPS);
    }

    @Benchmark
    public long jnaCall() {
        return BenchLib.INSTANCE.kb_nop(42);
    }
}
