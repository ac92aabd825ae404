// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.ImageSidecar;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.ImageFormatException;

import java.nio.file.Path;

/**
 * A saved handover image loaded into a new machine (sidecar and page digest validated by
 * {@link RamImage}), with boot_params taken from the saved RSI and, for {@code inspect}, the
 * handover decoded from RAM ({@code decoded} is null when only loaded, as {@code resume} does:
 * there kernel B is the judge of the handover, not the decoder). Decoding errors name the image
 * file.
 */
record HandoverImage(Path path, Machine machine, ImageSidecar sidecar, long bootParams, HandoverInspection decoded)
        implements AutoCloseable {

    /** Loaded and decoded (for {@code inspect}). */
    static HandoverImage open(Path path) {
        return open(path, true);
    }

    /** Loaded only: RAM, sidecar and boot_params, nothing read from the handover yet. */
    static HandoverImage load(Path path) {
        return open(path, false);
    }

    private static HandoverImage open(Path path, boolean decode) {
        RamImage.Loaded l = RamImage.load(path);
        try {
            long bp = l.sidecar().registers().getOrDefault(X86Reg.RSI, 0L);
            if (bp == 0) {
                throw new ImageFormatException(path + ": the sidecar's RSI is 0, so the image holds no boot_params "
                        + "(was it saved at a kernel entry?)");
            }
            HandoverInspection in = null;
            if (decode) {
                try {
                    in = HandoverInspection.decode(l.machine().mem(), bp);
                } catch (ImageFormatException e) {
                    throw new ImageFormatException(path + ": " + e.getMessage());
                }
            }
            return new HandoverImage(path, l.machine(), l.sidecar(), bp, in);
        } catch (RuntimeException e) {
            l.machine().close();
            throw e;
        }
    }

    @Override
    public void close() {
        machine.close();
    }
}
