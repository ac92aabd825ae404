// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import java.util.Locale;

/** The x86-64 registers khoemu reads, writes and saves, with their Unicorn 2.0.1 ids. */
public enum X86Reg {
    RAX(35), RBX(37), RCX(38), RDX(40), RSI(43), RDI(39), RBP(36), RSP(44),
    R8(106), R9(107), R10(108), R11(109), R12(110), R13(111), R14(112), R15(113),
    RIP(41), RFLAGS(253);

    final int ucId;

    X86Reg(int ucId) {
        this.ucId = ucId;
    }

    /** Lower-case name as used in image sidecars ("rax"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
