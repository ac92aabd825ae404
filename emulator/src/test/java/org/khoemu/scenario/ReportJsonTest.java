// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.KexecStage;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportJsonTest {
    static UpdateReport update(List<SessionRecord> restored) {
        var preserved = List.of(new SessionRecord("session-0", List.of(new FileRecord(0xfedcba9876543210L, 65536, "ab12"))));
        return new UpdateReport(1, 1, new HandoverAddresses(0x1f000000L, 0x1f001000L, 0x3ff0000L, 0x3fe0000L),
                preserved, restored, List.of(new KexecStage("purgatory", 123456, 2_000_000)),
                SessionDiff.compare(preserved, restored));
    }

    @Test
    void addressesAndTokensAreExactHexStrings() {
        UpdateReport u = update(update(List.of()).preserved());
        RunReport r = new RunReport(ScenarioConfig.defaults(), List.of(u), 1, Map.of("report", "report.json"), null);
        JsonObject o = JsonParser.parseString(ReportJson.toJson(r)).getAsJsonObject();
        assertTrue(o.get("ok").getAsBoolean());
        JsonObject u0 = o.getAsJsonArray("updates").get(0).getAsJsonObject();
        assertTrue(u0.get("match").getAsBoolean());
        assertEquals("0x1f001000", u0.getAsJsonObject("addresses").get("kho_fdt").getAsString());
        assertEquals("0x3fe0000", u0.getAsJsonObject("addresses").get("session_block").getAsString());
        JsonObject f = u0.getAsJsonArray("restored").get(0).getAsJsonObject().getAsJsonArray("files").get(0).getAsJsonObject();
        assertEquals("0xfedcba9876543210", f.get("token").getAsString());
        assertEquals(65536, f.get("size").getAsLong());
        assertEquals("ab12", f.get("sha256").getAsString());
        assertEquals(123456, u0.getAsJsonArray("kexec_stages").get(0).getAsJsonObject().get("instructions").getAsLong());
        assertEquals(1, o.get("liveupdate_number").getAsLong());
        assertEquals("kho=on liveupdate=on", o.getAsJsonObject("config").get("cmdline").getAsString());
    }

    @Test
    void aMismatchOrAFailureIsNotOk() {
        RunReport mismatch = new RunReport(ScenarioConfig.defaults(), List.of(update(List.of())), 1, Map.of(), null);
        JsonObject o = JsonParser.parseString(ReportJson.toJson(mismatch)).getAsJsonObject();
        assertFalse(o.get("ok").getAsBoolean());
        assertEquals("session 'session-0' was preserved but not restored",
                o.getAsJsonArray("updates").get(0).getAsJsonObject().getAsJsonArray("differences").get(0).getAsString());
        RunReport failed = new RunReport(ScenarioConfig.defaults(), List.of(), 0, Map.of(), "kexec: boom");
        assertFalse(failed.ok());
        assertEquals("kexec: boom", JsonParser.parseString(ReportJson.toJson(failed)).getAsJsonObject().get("failure").getAsString());
    }
}
