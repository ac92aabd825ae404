// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.kernel.luo.LuoSessionList;
import org.khoemu.kernel.luo.LuoSessionLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * {@code fileSerialize} and {@code fileDeserialize}: one session holding k one-page memfds, its
 * files frozen and written (the seed's 2-page file array, or luo-v5's chain of kho_blocks) and
 * rebuilt from the session entry. Issue 11 sizes this at 10,000 files under luo-v5 (k beyond
 * the seed's LUO_FILE_MAX of 128 only there). Setup checks that the rebuild finds all k files.
 * No C twin: the C baseline models one file array per session of the seed's layouts only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionFiles {
    @Param({"1", "16", "128"})
    public int k;

    @Param({"seed-v6"})
    public String abi;

    private BenchKernel kernel;

    @Setup(Level.Trial)
    public void setup() {
        kernel = BenchKernel.serialized(abi, 1, k);
        int found = fileDeserialize().sessions().get(0).fileCount();
        if (found != k) {
            throw new IllegalStateException("the rebuild found " + found + " of " + k + " files");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.close();
    }

    @Benchmark
    public void fileSerialize() {
        kernel.luo.sessions().serialize();
    }

    @Benchmark
    public LuoSessionList fileDeserialize() {
        return kernel.luo.sessions().rebuild(kernel.blockPa(), LuoSessionLookup.HASHED, null);
    }
}
