// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.kho.KhoOut;
import org.khoemu.kernel.kho.KhoRootFdt;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.luo.LuoFdt;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.PhysMem;
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
 * The libfdt work through JNA, in pages of kernel A's RAM: {@code luoFdtBuild} (the LUO FDT as
 * {@code luo_fdt_setup} writes it), {@code luoFdtParse} (kernel B reading and checking it from
 * untrusted bytes) and {@code khoRootFdt} (the KHO root tree: setup, the LUO child, the memory
 * map property).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FdtWork {
    @Param({"seed-v6"})
    public String abi;

    private BenchKernel k;
    private PhysMem mem;
    private LuoAbiProfile profile;
    private long luoPa;
    private long rootPa;
    private final KernelLog log = new KernelLog("B");

    @Setup(Level.Trial)
    public void setup() {
        k = BenchKernel.boot(abi);
        mem = k.machine.mem();
        profile = k.luo.profile();
        luoPa = k.kernel.pages().allocFolio(KhoOut.getOrder(profile.fdtSize()), true).pa();
        rootPa = k.kernel.pages().allocFolio(0, true).pa();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        k.close();
    }

    @Benchmark
    public void luoFdtBuild() {
        LuoFdt.write(mem, profile, luoPa, 2, k.blockPa());
    }

    @Benchmark
    public LuoFdt.Incoming luoFdtParse() throws LuoFdt.Invalid {
        return LuoFdt.read(mem, profile, k.luo.fdtPa(), log);
    }

    @Benchmark
    public long khoRootFdt() {
        mem.fill(rootPa, Folio.PAGE_SIZE, (byte) 0);
        KhoRootFdt root = new KhoRootFdt(mem, rootPa, KhoGenerations.KHO_V1);
        root.setup();
        root.addChild(profile.khoEntryName(), luoPa);
        root.setMemMap(0x1000);
        return root.memMap();
    }
}
