// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new profile brings its faults with it: under luo-v5 (no LUO FDT, no session header, no
 * kho-v1 chunk list) the campaign targets the raw luo_ser blob and the session chain's block
 * headers from the profile's table, and every fault of a sample is classified.
 */
class LuoV5CampaignTest {
    @TempDir
    Path dir;

    @Test
    void luoSerAndChainHeadersAreTargetsAndEveryFaultIsClassified() {
        try (Campaign c = Campaign.prepare("all", LuoAbiProfiles.byName("luo-v5"), dir)) {
            Set<String> names = c.targets().stream().map(Target::name).collect(Collectors.toSet());
            for (String n : List.of("luo_ser.compatible", "luo_ser.liveupdate_num", "luo_ser.sessions_pa",
                    "luo_ser.flbs_pa", "kho_block_header_ser[0].next", "kho_block_header_ser[0].count",
                    "luo_session_ser[0].name", "luo_file_ser[0][0].token")) {
                assertTrue(names.contains(n), n + " in " + names);
            }
            assertTrue(names.stream().noneMatch(n -> n.startsWith("luo_session_header_ser")), "no v1 session header");
            // kho-v4's radix tree: its root page's first non-zero word at least (a root with no
            // entry would mean nothing is preserved)
            assertTrue(names.stream().anyMatch(n -> n.startsWith("kho_radix_page[0].word[")), "radix tree words");
            Target count = c.targets().stream().filter(t -> t.name().equals("kho_block_header_ser[0].count"))
                    .findFirst().orElseThrow();
            assertEquals(51, count.max()); // (4096 - 16) / 80 sessions per block (abi-reference 2.3)
            for (Fault f : c.select(150, 7)) {
                for (String mode : List.of("faithful", "hardened")) {
                    Outcome o = c.run(f, mode).outcome();
                    assertNotEquals(Outcome.Kind.UNCLASSIFIED, o.kind(), f.id() + " " + mode + ": " + o.detail());
                }
            }
        }
    }
}
