// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.inspect.BadFieldException;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The named campaigns: which target classes each draws from and with which mutations. All run
 * on the same clean scenario, so a target name means the same place in every campaign.
 * {@code smoke} is the first campaign's set (the ABI-table struct fields, four mutations), kept
 * so that its published ids replay unchanged; {@code all} is every target and every mutation.
 */
public record CampaignPlan(String name, Set<String> classes, boolean tableFieldsOnly, Set<Mutation> mutations,
                          String meaning) {
    public static final List<CampaignPlan> ALL = List.of(
            new CampaignPlan("smoke", Set.copyOf(FaultTargets.CLASSES), true,
                    EnumSet.of(Mutation.ZERO, Mutation.ONES, Mutation.PLUS_ONE, Mutation.FLIP),
                    "the ABI-table struct fields; zero, ones, plus1, flip"),
            new CampaignPlan("luo", Set.of("luo-session", "luo-file", "memfd"), false, EnumSet.allOf(Mutation.class),
                    "session block, file arrays, memfd and folio records"),
            new CampaignPlan("fdt", Set.of("fdt-header", "fdt-prop", "fdt-string"), false, EnumSet.allOf(Mutation.class),
                    "header fields, property values and strings of the KHO and LUO FDTs"),
            new CampaignPlan("memmap", Set.of("kho-memmap"), false, EnumSet.allOf(Mutation.class),
                    "chunk headers, bitmap pointers and bitmap words of the preserved-memory map"),
            new CampaignPlan("boot", Set.of("boot"), false, EnumSet.allOf(Mutation.class),
                    "boot_params fields kernel B reads, setup_data headers, kho_data, the scratch array"),
            new CampaignPlan("data", Set.of("data"), false, EnumSet.allOf(Mutation.class),
                    "one word of every preserved memfd folio"),
            new CampaignPlan("alloc", Set.of(FaultTargets.ALLOC), false, EnumSet.allOf(Mutation.class),
                    "kernel B's page allocations during the restore, each failing in turn"),
            new CampaignPlan("all", Set.copyOf(FaultTargets.CLASSES), false, EnumSet.allOf(Mutation.class),
                    "every target, every mutation that applies"));

    public static List<String> names() {
        return ALL.stream().map(CampaignPlan::name).toList();
    }

    public static CampaignPlan byName(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow(() -> new BadFieldException(
                "no campaign '" + name + "': there is " + String.join(", ", names())));
    }

    /** True when the campaign draws faults from {@code t}. */
    public boolean includes(Target t) {
        return classes.contains(t.cls()) && (!tableFieldsOnly || isTableField(t.name()));
    }

    /** A field of a struct of the ABI tables, as the first campaign named them. */
    static boolean isTableField(String name) {
        return name.matches("(kho_data|luo_ser|kho_block_header_ser|luo_session_header_ser|luo_session_ser|luo_file_ser|memfd_luo_ser|khoser_mem_chunk)[\\[.].*");
    }
}
