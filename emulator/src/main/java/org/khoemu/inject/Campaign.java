// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.inspect.BadFieldException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A campaign of image-level faults on one clean handover: a fixed, seeded live update saved
 * once, loaded once, and for each fault one target mutated, kernel B resumed on it as
 * {@code resume} does, the outcome classified from that verdict ({@link Outcome}), and RAM put
 * back to the clean image ({@link CleanHandover}) so that no fault sees another's damage or
 * kernel B's writes.
 */
public final class Campaign implements AutoCloseable {
    /** The kernel B behaviours a fault is resumed under. */
    public static final List<String> MODES = java.util.Arrays.stream(KernelMode.values()).map(KernelMode::key).toList();

    /** One fault's result under one mode: where it hit and what came of it. */
    public record Result(Fault fault, String mode, long pa, String cls, Outcome outcome) {
    }

    private final CampaignPlan plan;
    private final LuoAbiProfile profile;
    private final CleanHandover clean;
    private final List<SessionRecord> preserved;
    private final Map<String, Target> targets;
    private final FaultAddresses addresses;

    private Campaign(CampaignPlan plan, LuoAbiProfile profile, Path image) {
        this.plan = plan;
        this.profile = profile;
        this.preserved = ExpectedSessions.read(image.resolveSibling(LiveUpdateScenario.REPORT), 1).sessions();
        this.clean = new CleanHandover(image);
        try {
            HandoverInspection h = HandoverInspection.decode(clean.mem(), clean.bootParams(), profile);
            this.targets = FaultTargets.of(h, profile, clean.mem());
            Target alloc = allocations();
            if (alloc.max() > 0) {
                targets.put(alloc.name(), alloc);
            }
            this.addresses = FaultAddresses.of(h, clean.mem());
        } catch (RuntimeException e) {
            clean.close();
            throw e;
        }
    }

    /**
     * The page allocations kernel B's restore of the clean handover makes (the most of both
     * builds), as the {@code alloc} target: its faults fail the n-th of them ({@code failN}).
     */
    private Target allocations() {
        long most = 0;
        for (KernelMode m : KernelMode.values()) {
            KernelBResume r = KernelBResume.run(clean.mem(), clean.bootParams(), profile, false, new KernelLog("B"), m,
                    Long.MAX_VALUE);
            if (r.kernel() != null && r.kernel().pages() != null) {
                most = Math.max(most, r.kernel().pages().allocationsSinceArmed());
            }
            clean.restore();
        }
        return new Target(FaultTargets.ALLOC, FaultTargets.ALLOC, 0, 0, Target.Kind.ALLOC, false, most, -1, -1, -1, null);
    }

    /** The clean scenario of every campaign: 2 sessions of 2 memfds of 12 KiB in 128 MiB, seed 11. */
    static ScenarioConfig scenario(LuoAbiProfile p, Path dir) {
        return new ScenarioConfig(2, 2, 12 << 10, 128L << 20, 11, 1, dir, p);
    }

    /** Runs the clean live update into {@code workDir} (unless it is there already) and opens campaign {@code name} on it. */
    public static Campaign prepare(String name, LuoAbiProfile p, Path workDir) {
        CampaignPlan plan = CampaignPlan.byName(name);
        Path image = workDir.resolve(LiveUpdateScenario.IMAGE);
        RunReport r = new LiveUpdateScenario(scenario(p, workDir), new PrintWriter(Writer.nullWriter()), false).run();
        if (!r.ok()) {
            throw new IllegalStateException("the clean live update of campaign " + name + " failed: " + r.failureLine());
        }
        return new Campaign(plan, p, image);
    }

    /** Opens campaign {@code name} on a clean handover {@link #prepare} left in {@code workDir} (a worker's start). */
    public static Campaign open(String name, LuoAbiProfile p, Path workDir) {
        Path image = workDir.resolve(LiveUpdateScenario.IMAGE);
        if (!Files.isRegularFile(image)) {
            throw new IllegalStateException("no clean handover at " + image);
        }
        return new Campaign(CampaignPlan.byName(name), p, image);
    }

    public String name() {
        return plan.name();
    }

    public LuoAbiProfile profile() {
        return profile;
    }

    /** The campaign's targets, in handover order. */
    public List<Target> targets() {
        return targets.values().stream().filter(plan::includes).toList();
    }

    private List<Mutation> mutations(Target t) {
        return plan.mutations().stream().filter(m -> m.appliesTo(t)).toList();
    }

    /** How many distinct faults the campaign has: every applicable mutation, every bit of a flip. */
    public long available() {
        long n = 0;
        for (Target t : targets()) {
            for (Mutation m : mutations(t)) {
                n += m.takesNumber() ? m.numbers(t) : 1;
            }
        }
        return n;
    }

    /**
     * The first {@code n} of the campaign's faults in an order drawn by {@code seed}: first every
     * (target, mutation) pair once, shuffled, a flip with a seeded bit; then further bits of the
     * flips, round after round, until {@code n} or every bit is taken.
     */
    public List<Fault> select(long n, long seed) {
        Random rnd = new Random(seed);
        List<Object[]> slots = new ArrayList<>();
        for (Target t : targets()) {
            for (Mutation m : mutations(t)) {
                slots.add(new Object[] {t, m});
            }
        }
        Collections.shuffle(slots, rnd);
        Map<String, List<Integer>> bits = new HashMap<>();
        List<Fault> out = new ArrayList<>();
        for (int round = 0; out.size() < n; round++) {
            int before = out.size();
            for (Object[] s : slots) {
                Target t = (Target) s[0];
                Mutation m = (Mutation) s[1];
                if (out.size() >= n) {
                    break;
                }
                if (m.takesNumber()) {
                    List<Integer> order = bits.computeIfAbsent(t.name() + ":" + m.key(), k -> {
                        List<Integer> b = new ArrayList<>();
                        for (int i = 0; i < m.numbers(t); i++) {
                            b.add(m == Mutation.FAIL_NTH ? i + 1 : i);
                        }
                        Collections.shuffle(b, new Random(seed * 31 + k.hashCode()));
                        return b;
                    });
                    if (round < order.size()) {
                        out.add(new Fault(plan.name(), profile.name(), t.name(), m, order.get(round)));
                    }
                } else if (round == 0) {
                    out.add(new Fault(plan.name(), profile.name(), t.name(), m, 0));
                }
            }
            if (out.size() == before) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /** Checks that {@code f} belongs to this campaign and names a target and mutation that fit. */
    public Target check(Fault f) {
        if (!f.campaign().equals(plan.name()) || !f.profile().equals(profile.name())) {
            throw new BadFieldException("fault " + f.id() + " is not of campaign " + plan.name() + " under " + profile.name());
        }
        Target t = targets.get(f.target());
        if (t == null || !plan.includes(t)) {
            throw new BadFieldException("fault " + f.id() + ": campaign " + plan.name() + " has no target " + f.target());
        }
        if (!plan.mutations().contains(f.mutation()) || !f.mutation().appliesTo(t)) {
            throw new BadFieldException("fault " + f.id() + ": mutation " + f.mutation().key() + " does not apply to "
                    + f.target() + " (" + t.kind().name().toLowerCase() + ", " + t.size() + " bytes)");
        }
        if (f.mutation() == Mutation.FLIP && f.bit() >= t.size() * 8) {
            throw new BadFieldException("fault " + f.id() + ": bit " + f.bit() + " is past the target's " + t.size() * 8);
        }
        if (f.mutation() == Mutation.FAIL_NTH && (f.bit() < 1 || f.bit() > t.max())) {
            throw new BadFieldException("fault " + f.id() + ": kernel B's restore makes allocations 1 to " + t.max());
        }
        return t;
    }

    /** One fault under {@code mode}, on the clean handover, which is put back afterwards. */
    public Result run(Fault f, String mode) {
        Target t = check(f);
        var mem = clean.mem();
        try {
            byte[] old = mem.read(t.pa(), t.size());
            byte[] sibling = t.sibling() >= 0 ? mem.read(t.sibling(), t.size()) : null;
            if (f.mutation() == Mutation.TRUNCATE) {
                FdtTruncate.apply(mem, t);
            } else if (f.mutation() != Mutation.FAIL_NTH) {
                mem.write(t.pa(), f.mutation().apply(t, old, f.bit(), addresses, sibling));
            }
            KernelLog log = new KernelLog("B");
            Outcome o;
            try {
                long nth = f.mutation() == Mutation.FAIL_NTH ? f.bit() : 0;
                o = Outcome.of(KernelBResume.run(mem, clean.bootParams(), profile, false, log, KernelMode.byKey(mode), nth),
                        log, preserved);
            } catch (RuntimeException | StackOverflowError e) {
                o = new Outcome(Outcome.Kind.UNCLASSIFIED, Failures.kind(e) + ": " + Failures.oneLine(e));
            }
            return new Result(f, mode, t.pa(), t.cls(), o);
        } finally {
            clean.restore();
        }
    }

    @Override
    public void close() {
        clean.close();
    }
}
