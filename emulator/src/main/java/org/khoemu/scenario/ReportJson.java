// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.khoemu.kernel.port.KexecStage;

import java.util.List;
import java.util.TreeMap;

/**
 * {@code report.json}. Physical addresses and tokens are hex strings ({@code "0x1f400000"})
 * because they are u64 values that a JSON number (a double in most readers) cannot hold
 * exactly; sizes and counts are numbers.
 */
public final class ReportJson {
    private ReportJson() {
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    public static String toJson(RunReport r) {
        JsonObject root = new JsonObject();
        root.addProperty("ok", r.ok());
        if (r.runId() != null) {
            root.addProperty("run_id", r.runId());
        }
        if (r.failure() != null) {
            root.addProperty("failure", r.failure());
        }
        if (r.refusal() != null) {
            root.addProperty("kernel_b_refusal", r.refusal());
        }
        root.add("config", config(r.config()));
        root.addProperty("liveupdate_number", r.finalLiveupdateNumber());
        JsonArray ups = new JsonArray();
        r.updates().forEach(u -> ups.add(update(u)));
        root.add("updates", ups);
        JsonObject art = new JsonObject();
        new TreeMap<>(r.artefacts()).forEach(art::addProperty);
        root.add("artefacts", art);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    private static JsonObject config(ScenarioConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("sessions", c.sessions());
        o.addProperty("files_per_session", c.filesPerSession());
        o.addProperty("memfd_size", c.memfdSize());
        o.addProperty("ram", c.ramBytes());
        o.addProperty("seed", c.seed());
        o.addProperty("updates", c.updates());
        o.addProperty("cmdline", ScenarioConfig.CMDLINE);
        o.addProperty("abi", c.abi().name());
        o.addProperty("abi_kernel_b", c.abiB().name());
        return o;
    }

    private static JsonObject update(UpdateReport u) {
        JsonObject o = new JsonObject();
        o.addProperty("number", u.number());
        o.addProperty("liveupdate_number", u.liveupdateNumber());
        o.addProperty("match", u.match());
        JsonObject a = new JsonObject();
        a.addProperty("boot_params", hex(u.addresses().bootParams()));
        a.addProperty("kho_fdt", hex(u.addresses().khoFdt()));
        a.addProperty("luo_fdt", hex(u.addresses().luoFdt()));
        a.addProperty("session_block", hex(u.addresses().sessionBlock()));
        o.add("addresses", a);
        o.add("preserved", sessions(u.preserved()));
        o.add("restored", sessions(u.restored()));
        JsonArray st = new JsonArray();
        for (KexecStage s : u.stages()) {
            JsonObject so = new JsonObject();
            so.addProperty("name", s.name().toString());
            so.addProperty("instructions", s.instructions());
            so.addProperty("nanos", s.nanos());
            st.add(so);
        }
        o.add("kexec_stages", st);
        JsonArray d = new JsonArray();
        u.differences().forEach(d::add);
        o.add("differences", d);
        return o;
    }

    static JsonArray sessions(List<SessionRecord> list) {
        JsonArray arr = new JsonArray();
        for (SessionRecord s : list) {
            JsonObject so = new JsonObject();
            so.addProperty("name", s.name().toString());
            JsonArray files = new JsonArray();
            for (FileRecord f : s.files()) {
                JsonObject fo = new JsonObject();
                fo.addProperty("token", hex(f.token()));
                fo.addProperty("size", f.size());
                fo.addProperty("sha256", f.sha256());
                files.add(fo);
            }
            so.add("files", files);
            arr.add(so);
        }
        return arr;
    }
}
