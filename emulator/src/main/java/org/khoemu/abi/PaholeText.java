// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.khoemu.kernel.abi.AbiConstant;
import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;

/**
 * A layout table as {@code pahole} prints structs: one C declaration per field with its offset
 * and size in a trailing comment, then the constants as {@code #define}s.
 */
public final class PaholeText {
    private PaholeText() {
    }

    public static String render(AbiLayout l) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* ABI profile ").append(l.profile()).append(" */\n");
        for (AbiStruct s : l.structs()) {
            sb.append('\n').append("/* ").append(s.meaning()).append("; versioned by ").append(s.versionedBy())
                    .append(" */\n");
            sb.append("struct ").append(s.name()).append(" {\n");
            for (AbiField f : s.fields()) {
                String decl = "\t" + declaration(f) + ";";
                sb.append(String.format("%-48s /* %5d %5d */ %s%n", decl, f.offset(), f.size(), f.meaning()));
            }
            sb.append(String.format("%n\t/* size: %d */%n} __packed;%n", s.size()));
        }
        sb.append('\n');
        for (AbiConstant c : l.constants()) {
            sb.append(String.format("#define %-32s %-24s /* %s */%n", c.name(), c.value(), c.meaning()));
        }
        return sb.toString();
    }

    /** {@code u64 files}, {@code char name[56]}, {@code struct khoser_mem_bitmap_ptr bitmaps[255]}. */
    static String declaration(AbiField f) {
        String t = f.type();
        int bracket = t.indexOf('[');
        return bracket < 0 ? t + " " + f.name() : t.substring(0, bracket) + " " + f.name() + t.substring(bracket);
    }
}
