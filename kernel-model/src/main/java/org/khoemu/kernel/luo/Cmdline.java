// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

/** Boolean early parameters of the kernel command line, parsed as {@code kstrtobool} does. */
final class Cmdline {
    private Cmdline() {
    }

    /** The last {@code key=value} wins; absent or unparsable means {@code dflt}. */
    static boolean bool(String cmdline, String key, boolean dflt) {
        boolean v = dflt;
        for (String word : cmdline.trim().split("\\s+")) {
            if (word.startsWith(key + "=")) {
                Boolean b = kstrtobool(word.substring(key.length() + 1));
                if (b != null) {
                    v = b;
                }
            }
        }
        return v;
    }

    static Boolean kstrtobool(String s) {
        if (s.isEmpty()) {
            return null;
        }
        switch (s.charAt(0)) {
            case 'y': case 'Y': case 't': case 'T': case '1':
                return true;
            case 'n': case 'N': case 'f': case 'F': case '0':
                return false;
            case 'o': case 'O':
                if (s.length() > 1) {
                    char c = s.charAt(1);
                    if (c == 'n' || c == 'N') {
                        return true;
                    }
                    if (c == 'f' || c == 'F') {
                        return false;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
