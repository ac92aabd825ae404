// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import org.khoemu.emu.Machine;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;
import org.khoemu.scenario.DevLiveupdate;
import org.khoemu.scenario.ScenarioConfig;

import java.util.List;

/**
 * Kernel A cold-booted on a real machine (native RAM, Unicorn CPU) with its LUO, and a userspace
 * process holding {@code /dev/liveupdate} open: what {@code khoemu run} has just before
 * {@code reboot(KEXEC)}. The session benchmarks time its serialize and rebuild on that RAM.
 */
final class BenchKernel implements AutoCloseable {
    static final long RAM = 256L << 20;

    final Machine machine;
    final Kernel kernel;
    final Luo luo;
    final UserProcess proc;
    final int dev;

    private BenchKernel(Machine machine, Kernel kernel, Luo luo) {
        this.machine = machine;
        this.kernel = kernel;
        this.luo = luo;
        this.proc = new UserProcess(kernel, luo);
        this.dev = DevLiveupdate.open(proc, kernel.log());
    }

    static BenchKernel boot(String abi) {
        LuoAbiProfile profile = LuoAbiProfiles.byName(abi);
        Machine m = Machine.create(RAM);
        try {
            Luo luo = new Luo(profile);
            Kernel k = Kernel.coldBoot(m.mem(), m.firmwareMap(), ScenarioConfig.CMDLINE, new KernelLog("A"),
                    StepObserver.NONE, List.of(luo));
            return new BenchKernel(m, k, luo);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** {@code n} sessions named {@code session-<i>}, each with {@code files} one-page memfds. */
    BenchKernel populate(int n, int files) {
        byte[] page = new byte[4096];
        for (int i = 0; i < n; i++) {
            int s = Liveupdate.createSession(proc, dev, "session-" + i);
            for (int j = 0; j < files; j++) {
                int fd = proc.memfdCreate("session-" + i + "-memfd-" + j);
                page[0] = (byte) i;
                page[1] = (byte) j;
                proc.write(fd, page);
                Liveupdate.preserveFd(proc, s, fd, ((long) i << 20) | j);
            }
        }
        return this;
    }

    /**
     * A kernel of {@code abi} with {@code n} sessions of {@code files} memfds, serialized once
     * (the state every session and file figure starts from).
     */
    static BenchKernel serialized(String abi, int n, int files) {
        BenchKernel k = boot(abi).populate(n, files);
        k.luo.sessions().serialize();
        return k;
    }

    long blockPa() {
        return luo.sessionBlockPa();
    }

    /** Whether the C twins (libkhoemubench) know profile {@code p}'s layout. */
    static boolean hasCBaseline(LuoAbiProfile p) {
        try {
            profileId(p);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Of the {@code methods} selected, those with no equivalent under {@code p}: the C twins
     * when libkhoemubench does not know p's layout, and the LUO FDT figures when p has no LUO
     * FDT (luo-v5: the KHO entry is the raw {@code luo_ser} blob).
     */
    static List<String> withoutEquivalent(LuoAbiProfile p, List<String> methods) {
        return methods.stream().filter(m -> (m.endsWith(FigureRow.TWIN) && !hasCBaseline(p))
                || (p.serRoot() != null && FDT_FIGURES.contains(m))).toList();
    }

    /** Why {@link #withoutEquivalent} left {@code left} out under {@code p}. */
    static String whyNoEquivalent(LuoAbiProfile p, List<String> left) {
        String twins = left.stream().noneMatch(m -> m.endsWith(FigureRow.TWIN)) ? null
                : "the C twins have no baseline for this profile";
        String fdt = left.stream().noneMatch(FDT_FIGURES::contains) ? null
                : "there is no LUO FDT (the KHO entry " + p.khoEntryName()
                + " is a raw blob)";
        return twins == null ? fdt : fdt == null ? twins : twins + ", and " + fdt;
    }

    private static final List<String> FDT_FIGURES = List.of("luoFdtBuild", "luoFdtParse");

    static int profileId(LuoAbiProfile p) {
        return switch (p.name()) {
            case "seed-v6" -> BenchLib.PROFILE_SEED_V6;
            case "v6.19" -> BenchLib.PROFILE_V6_19;
            default -> throw new IllegalArgumentException("no C baseline for LUO ABI " + p.name());
        };
    }

    @Override
    public void close() {
        machine.close();
    }
}
