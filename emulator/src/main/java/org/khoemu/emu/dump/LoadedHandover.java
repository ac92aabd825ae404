// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.ImageSidecar;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A handover in a new machine's RAM, whatever file it came from: where the chain starts
 * ({@code bootParams} from RSI or {@code --rsi}; else {@code khoFdt}), the ABI generation and what
 * said so, whether kernel B's config turns KHO on by default, and, for a khoemu image, its
 * sidecar (null for a real dump).
 */
public record LoadedHandover(Path path, String format, Machine machine, long nonZeroPages, Map<X86Reg, Long> registers,
                             long bootParams, long khoFdt, LuoAbiProfile profile, String profileFrom,
                             boolean khoDefaultOn, ImageSidecar sidecar, List<String> notes) implements AutoCloseable {
    public long ramBytes() {
        return machine.mem().size();
    }

    @Override
    public void close() {
        machine.close();
    }
}
