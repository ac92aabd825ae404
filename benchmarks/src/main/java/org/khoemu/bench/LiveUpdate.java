// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.emu.Machine;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * {@code liveUpdate}: a whole live update of n sessions x 1 memfd of 64 KiB on one machine,
 * in-process, and each of its phases as a figure of its own ({@code liveUpdate_bootA} ...).
 * Before each timed call the machine is power-cycled and the earlier phases run untimed; after
 * it, a complete run is checked (kernel B restored what kernel A preserved).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LiveUpdate {
    @Param({"1", "64", "256", "819"})
    public int sessions;

    @Param({"seed-v6"})
    public String abi;

    private Machine machine;
    private LiveUpdateRun run;

    @Setup(Level.Trial)
    public void setup() {
        machine = Machine.create(LiveUpdateRun.RAM);
        run = new LiveUpdateRun(machine, sessions, abi);
    }

    @Setup(Level.Invocation)
    public void before(BenchmarkParams params) {
        String b = params.getBenchmark();
        run.runUpTo(switch (b.substring(b.lastIndexOf('.') + 1)) {
            case "liveUpdate_userspaceA" -> LiveUpdateRun.Phase.USERSPACE_A;
            case "liveUpdate_kexec" -> LiveUpdateRun.Phase.KEXEC;
            case "liveUpdate_bootB" -> LiveUpdateRun.Phase.BOOT_B;
            case "liveUpdate_userspaceB" -> LiveUpdateRun.Phase.USERSPACE_B;
            default -> LiveUpdateRun.Phase.BOOT_A;
        });
    }

    @TearDown(Level.Invocation)
    public void after() {
        run.verify();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        machine.close();
    }

    @Benchmark
    public void liveUpdate() {
        for (LiveUpdateRun.Phase p : LiveUpdateRun.Phase.values()) {
            run.run(p);
        }
    }

    @Benchmark
    public void liveUpdate_bootA() {
        run.run(LiveUpdateRun.Phase.BOOT_A);
    }

    @Benchmark
    public void liveUpdate_userspaceA() {
        run.run(LiveUpdateRun.Phase.USERSPACE_A);
    }

    @Benchmark
    public void liveUpdate_kexec() {
        run.run(LiveUpdateRun.Phase.KEXEC);
    }

    @Benchmark
    public void liveUpdate_bootB() {
        run.run(LiveUpdateRun.Phase.BOOT_B);
    }

    @Benchmark
    public void liveUpdate_userspaceB() {
        run.run(LiveUpdateRun.Phase.USERSPACE_B);
    }
}
