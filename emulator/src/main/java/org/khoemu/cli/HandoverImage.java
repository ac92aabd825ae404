// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.dump.DumpOptions;
import org.khoemu.emu.dump.HandoverFiles;
import org.khoemu.emu.dump.LoadedHandover;
import org.khoemu.emu.image.ImageEdit;
import org.khoemu.emu.image.ImageSidecar;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.ImageFormatException;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.scenario.Units;

import java.nio.file.Path;

/**
 * A saved handover (khoemu image or real dump, see {@link HandoverFiles}) loaded into a new
 * machine, with, for {@code inspect}, the handover decoded from RAM ({@code decoded} is null when
 * only loaded, as {@code resume} does: there kernel B is the judge of the handover, not the
 * decoder). Decoding errors name the image file.
 */
record HandoverImage(Path path, LoadedHandover loaded, HandoverInspection decoded) implements AutoCloseable {

    /** Loaded and decoded (for {@code inspect}). */
    static HandoverImage open(ImageParameter arg) {
        return open(arg.image, arg.options(), true);
    }

    /** Loaded only: RAM, registers, boot_params and profile, nothing read from the handover yet. */
    static HandoverImage load(ImageParameter arg) {
        if (arg.dump.khoFdt != 0) {
            throw new ImageFormatException(arg.image + ": kernel B boots from boot_params, give --rsi ADDR, "
                    + "not --kho-fdt");
        }
        return open(arg.image, arg.options(), false);
    }

    static HandoverImage open(Path path, DumpOptions o, boolean decode) {
        LoadedHandover l = HandoverFiles.open(path, o);
        try {
            HandoverInspection in = null;
            if (decode) {
                if (l.bootParams() == 0) {
                    throw new ImageFormatException(path + ": decoding needs boot_params (--rsi ADDR); "
                            + "with only the KHO FDT, use 'khoemu compare' or 'khoemu fdt'");
                }
                try {
                    in = HandoverInspection.decode(l.machine().mem(), l.bootParams(), l.profile());
                } catch (ImageFormatException e) {
                    // a handover poke broke on purpose says so, or the refusal reads like damage
                    ImageSidecar sc = l.sidecar();
                    String poked = sc == null || sc.edits().isEmpty() ? "" : " (modified by poke: " + String.join(", ",
                            sc.edits().stream().map(ImageEdit::field).toList()) + ")";
                    throw new ImageFormatException(path + ": " + e.getMessage() + poked);
                }
            }
            return new HandoverImage(path, l, in);
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    Machine machine() {
        return loaded.machine();
    }

    long bootParams() {
        return loaded.bootParams();
    }

    LuoAbiProfile profile() {
        return loaded.profile();
    }

    /** The sidecar of a khoemu image; null for a real dump, which has none. */
    ImageSidecar sidecar() {
        return loaded.sidecar();
    }

    /**
     * The lines that say what was loaded: format, RAM, pages, profile and its source, where the
     * chain starts, and any note of the reader, then a blank line.
     */
    String summary() {
        StringBuilder sb = new StringBuilder(String.format("image %s: %s, %s of RAM, ABI profile %s (%s), "
                + "%d non-zero page(s); ", path, loaded.format(), Units.human(loaded.ramBytes()), loaded.profile().name(),
                loaded.profileFrom(), loaded.nonZeroPages()));
        sb.append(loaded.bootParams() != 0 ? String.format("boot_params (%s) 0x%x%n", loaded.registers()
                .getOrDefault(X86Reg.RSI, 0L) == loaded.bootParams() ? "saved RSI" : "--rsi", loaded.bootParams())
                : String.format("KHO FDT (--kho-fdt) 0x%x%n", loaded.khoFdt()));
        loaded.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.append('\n').toString();
    }

    @Override
    public void close() {
        loaded.close();
    }
}
