// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.khoemu.emu.X86Reg;

import java.nio.file.Path;

/** Run in a second JVM by {@link RamImageTest}: loads an image and prints what it found. */
public final class RamImageChild {
    private RamImageChild() {
    }

    public static void main(String[] args) {
        try (var m = RamImage.load(Path.of(args[0])).machine()) {
            System.out.println("pages=" + PageDigest.of(m.mem()));
            System.out.println("rip=" + Long.toHexString(m.cpu().reg(X86Reg.RIP)));
            System.out.println("map=" + m.firmwareMap());
            System.out.println("probe=" + Long.toHexString(m.mem().read64(0x3654320)));
        } catch (ImageException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
