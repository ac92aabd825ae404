// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.inspect.HandoverField;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.scenario.ExpectedSessions;
import org.khoemu.scenario.Failures;
import org.khoemu.scenario.KernelBResume;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;
import org.khoemu.scenario.SessionRecord;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A campaign of image-level faults on one clean handover: a fixed, seeded live update saved
 * once, then, for each fault, a fresh machine loaded from that clean image (so no fault sees
 * another's damage or kernel B's writes), one field mutated, and kernel B resumed on it as
 * {@code resume} does; the outcome is classified from that verdict ({@link Outcome}).
 */
public final class Campaign {
    /** The campaigns there are; each names its clean scenario. */
    public static final List<String> NAMES = List.of("smoke");

    /** One fault's result: where it hit and what came of it. */
    public record Result(Fault fault, long pa, String struct, Outcome outcome) {
    }

    private final String name;
    private final LuoAbiProfile profile;
    private final Path clean;
    private final long bootParams;
    private final List<SessionRecord> preserved;
    private final Map<String, HandoverField> targets = new LinkedHashMap<>();

    private Campaign(String name, LuoAbiProfile profile, Path clean) {
        this.name = name;
        this.profile = profile;
        this.clean = clean;
        this.preserved = ExpectedSessions.read(clean.resolveSibling(LiveUpdateScenario.REPORT), 1).sessions();
        RamImage.Loaded l = RamImage.load(clean);
        try (Machine m = l.machine()) {
            bootParams = l.sidecar().registers().get(X86Reg.RSI);
            HandoverInspection h = HandoverInspection.decode(m.mem(), bootParams, profile);
            FaultTargets.of(h, profile.layout()).forEach(f -> targets.put(f.name(), f));
        }
    }

    /** The smoke campaign's clean scenario: 2 sessions of 2 memfds of 12 KiB in 128 MiB, seed 11. */
    static ScenarioConfig scenario(LuoAbiProfile p, Path dir) {
        return new ScenarioConfig(2, 2, 12 << 10, 128L << 20, 11, 1, dir, p);
    }

    /** Runs the clean live update of campaign {@code name} into {@code workDir} and lists its targets. */
    public static Campaign prepare(String name, LuoAbiProfile p, Path workDir) {
        if (!NAMES.contains(name)) {
            throw new BadFieldException("no campaign '" + name + "': there is " + String.join(", ", NAMES));
        }
        RunReport r = new LiveUpdateScenario(scenario(p, workDir), new PrintWriter(Writer.nullWriter()), false).run();
        if (!r.ok()) {
            throw new IllegalStateException("the clean live update of campaign " + name + " failed: " + r.failureLine());
        }
        return new Campaign(name, p, workDir.resolve(LiveUpdateScenario.IMAGE));
    }

    public int targetCount() {
        return targets.size();
    }

    /** Every target with every mutation (one seeded bit per flip), shuffled by {@code seed}; the first {@code n}. */
    public List<Fault> select(int n, long seed) {
        Random rnd = new Random(seed);
        List<Fault> all = new ArrayList<>();
        for (HandoverField f : targets.values()) {
            for (Mutation m : Mutation.values()) {
                int bit = m == Mutation.FLIP ? rnd.nextInt(f.field().size() * 8) : 0;
                all.add(new Fault(name, profile.name(), f.name(), m, bit));
            }
        }
        Collections.shuffle(all, rnd);
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** The struct a field name starts with ({@code luo_file_ser[0][1].token} is {@code luo_file_ser}). */
    static String struct(String field) {
        return field.replaceFirst("[\\[.].*", "");
    }

    /** One fault on a fresh copy of the clean handover, resumed by a kernel B of the default build. */
    public Result run(Fault f) {
        return run(f, KernelMode.DEFAULT);
    }

    /** One fault on a fresh copy of the clean handover, resumed by a kernel B built as {@code mode}. */
    public Result run(Fault f, KernelMode mode) {
        if (!f.campaign().equals(name) || !f.profile().equals(profile.name())) {
            throw new BadFieldException("fault " + f.id() + " is not of campaign " + name + " under " + profile.name());
        }
        HandoverField hf = targets.get(f.field());
        if (hf == null) {
            throw new BadFieldException("fault " + f.id() + ": the clean handover has no field " + f.field());
        }
        int size = hf.field().size();
        if (f.mutation() == Mutation.FLIP && f.bit() >= size * 8) {
            throw new BadFieldException("fault " + f.id() + ": bit " + f.bit() + " is past the field's " + size * 8);
        }
        RamImage.Loaded l = RamImage.load(clean);
        try (Machine m = l.machine()) {
            byte[] old = new byte[size];
            m.mem().read(hf.pa(), old, 0, size);
            byte[] now = f.mutation().apply(old, f.bit());
            m.mem().write(hf.pa(), now, 0, size);
            KernelLog log = new KernelLog("B");
            Outcome o;
            try {
                o = Outcome.of(KernelBResume.run(m.mem(), bootParams, profile, false, log, mode, 0), log, preserved);
            } catch (RuntimeException e) {
                o = new Outcome(Outcome.Kind.UNCLASSIFIED, Failures.kind(e) + ": " + Failures.oneLine(e));
            }
            return new Result(f, hf.pa(), struct(f.field()), o);
        }
    }
}
