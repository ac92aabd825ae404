// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.luo.abi.SessionName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares what kernel A preserved with what kernel B restored, one sentence per difference. */
public final class SessionDiff {
    private SessionDiff() {
    }

    public static List<String> compare(List<SessionRecord> preserved, List<SessionRecord> restored) {
        List<String> out = new ArrayList<>();
        Map<SessionName, SessionRecord> b = byName(restored, out, "restored");
        Map<SessionName, SessionRecord> a = byName(preserved, out, "preserved");
        for (SessionRecord s : a.values()) {
            SessionRecord r = b.get(s.name());
            if (r == null) {
                out.add("session '" + s.name() + "' was preserved but not restored");
                continue;
            }
            compareFiles(s, r, out);
        }
        for (SessionName name : b.keySet()) {
            if (!a.containsKey(name)) {
                out.add("session '" + name + "' was restored but never preserved");
            }
        }
        return out;
    }

    private static void compareFiles(SessionRecord a, SessionRecord b, List<String> out) {
        Map<Long, FileRecord> restored = new LinkedHashMap<>();
        b.files().forEach(f -> restored.put(f.token(), f));
        for (FileRecord f : a.files()) {
            FileRecord g = restored.remove(f.token());
            String what = String.format("session '%s' token 0x%x", a.name(), f.token());
            if (g == null) {
                out.add(what + ": preserved but not restored");
            } else if (g.size() != f.size()) {
                out.add(String.format("%s: size %d preserved, %d restored", what, f.size(), g.size()));
            } else if (!g.sha256().equals(f.sha256())) {
                out.add(String.format("%s: sha256 %s preserved, %s restored", what, f.sha256(), g.sha256()));
            }
        }
        for (FileRecord g : restored.values()) {
            out.add(String.format("session '%s' token 0x%x: restored but never preserved", a.name(), g.token()));
        }
    }

    private static Map<SessionName, SessionRecord> byName(List<SessionRecord> list, List<String> out, String side) {
        Map<SessionName, SessionRecord> m = new LinkedHashMap<>();
        for (SessionRecord s : list) {
            if (m.put(s.name(), s) != null) {
                out.add("session '" + s.name() + "' appears twice on the " + side + " side");
            }
        }
        return m;
    }
}
