// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's JSON round-trips and its summary counts by hand-made results. */
class CampaignReportTest {
    static final CampaignReport.Header HEADER = new CampaignReport.Header("all", "seed-v6", 3, 2, "both", null);

    static Campaign.Result r(String id, String mode, String cls, Outcome.Kind k, String detail) {
        return new Campaign.Result(Fault.parse(id), mode, 0x7dc0008L, cls, new Outcome(k, detail));
    }

    static final List<Campaign.Result> RESULTS = List.of(
            r("all:seed-v6:memfd_luo_ser[0][0].size:plus1", "faithful", "memfd", Outcome.Kind.SILENT_CORRUPTION,
                    "size 12288 preserved, 12289 restored"),
            r("all:seed-v6:memfd_luo_ser[0][0].size:plus1", "hardened", "memfd", Outcome.Kind.REJECTED, "memfd: bad size"),
            r("all:seed-v6:luo_session_header_ser.count:flip3", "faithful", "luo-session", Outcome.Kind.REJECTED, "x"),
            r("all:seed-v6:luo_session_header_ser.count:flip3", "hardened", "luo-session", Outcome.Kind.REJECTED, "x"));

    @Test
    void jsonRoundTrips() {
        String json = CampaignReport.json(HEADER, RESULTS);
        CampaignReport.Parsed p = CampaignReport.parse(json, "x.json");
        assertEquals(HEADER, p.header());
        assertEquals(RESULTS, p.results());
        assertTrue(json.contains("\"bit\": 3"), json);
        assertThrows(IllegalArgumentException.class, () -> CampaignReport.parse("{\"campaign\": 1}", "bad.json"));
    }

    @Test
    void summaryTablesPerModeSideBySideAndWeakSpots() {
        String md = CampaignReport.markdown(HEADER, RESULTS);
        assertTrue(md.contains("## Outcomes per target class, kernel B faithful"), md);
        assertTrue(md.contains("## Outcomes per target class, kernel B hardened"), md);
        // faithful: memfd 1 silent corruption; luo-session 1 rejected
        assertTrue(md.contains("| `luo-session` | 1 | 0 | 0 | 0 |"), md);
        // side by side: memfd REJECTED 0 / 1, SILENT_CORRUPTION 1 / 0, one fault answered differently
        assertTrue(md.contains("| `memfd` | 0 / 1 | 0 / 0 | 0 / 0 | 1 / 0 |"), md);
        assertTrue(md.matches("(?s).*\\| `memfd` \\|[^\\n]* 1 \\|\\n.*"), md);
        assertTrue(md.matches("(?s).*\\| `luo-session` \\| 1 / 1 \\|[^\\n]* 0 \\|\\n.*"), md);
        assertTrue(md.contains("## Weak spots: wrong data accepted, memory leaked, guard findings (1)"), md);
        assertTrue(md.contains("replay: `khoemu inject --replay 'all:seed-v6:memfd_luo_ser[0][0].size:plus1' --mode faithful`"), md);
    }
}
