// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/** The kernel command line split into {@code name[=value]} parameters (last one wins). */
public final class Cmdline {
    private final String text;
    private final Map<String, String> params = new LinkedHashMap<>();

    public Cmdline(String text) {
        this.text = text == null ? "" : text.trim();
        for (String word : this.text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            params.put(eq < 0 ? word : word.substring(0, eq), eq < 0 ? null : word.substring(eq + 1));
        }
    }

    public String text() {
        return text;
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The value of {@code name=value}; null when absent or given without a value. */
    public String get(String name) {
        return params.get(name);
    }

    /** {@code kstrtobool}: on/off, y/n, 1/0 (first characters, as the kernel reads them). */
    public boolean bool(String name, boolean dflt) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        String l = v.toLowerCase();
        if (l.startsWith("on") || l.charAt(0) == 'y' || l.charAt(0) == '1') {
            return true;
        }
        if (l.startsWith("of") || l.charAt(0) == 'n' || l.charAt(0) == '0') {
            return false;
        }
        return dflt;
    }
}
