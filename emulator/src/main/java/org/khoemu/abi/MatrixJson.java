// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * {@code khoemu abi matrix --json}: {@code {profiles, workload, cells: [{kernel_a, kernel_b,
 * outcome, reason}]}}, the cells row by row; {@code reason} is absent for {@code restored}.
 */
public final class MatrixJson {
    private MatrixJson() {
    }

    public static String render(List<String> profiles, List<AbiMatrix.Cell> cells, AbiMatrix.Workload w) {
        JsonObject root = new JsonObject();
        JsonArray names = new JsonArray();
        profiles.forEach(names::add);
        root.add("profiles", names);
        JsonObject wl = new JsonObject();
        wl.addProperty("sessions", w.sessions());
        wl.addProperty("files_per_session", w.filesPerSession());
        wl.addProperty("memfd_size", w.memfdSize());
        wl.addProperty("ram", w.ramBytes());
        wl.addProperty("seed", w.seed());
        root.add("workload", wl);
        JsonArray arr = new JsonArray();
        for (AbiMatrix.Cell c : cells) {
            JsonObject o = new JsonObject();
            o.addProperty("kernel_a", c.kernelA());
            o.addProperty("kernel_b", c.kernelB());
            o.addProperty("outcome", c.outcome().word());
            if (c.reason() != null) {
                o.addProperty("reason", c.reason());
            }
            arr.add(o);
        }
        root.add("cells", arr);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
