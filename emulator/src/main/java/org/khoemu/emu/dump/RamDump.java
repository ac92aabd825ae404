// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.emu.X86Reg;
import org.khoemu.kernel.port.PhysMem;

import java.util.Map;

/**
 * Guest RAM saved by something other than khoemu (QEMU's {@code pmemsave} or
 * {@code dump-guest-memory}, a capture's page file), after its headers have been validated:
 * how much RAM the machine needs, the registers the dump recorded, and a copy of its pages.
 */
public interface RamDump {
    /** A short name of the format, for the one-line summary ("ELF core (dump-guest-memory)"). */
    String format();

    /** Bytes of RAM the machine needs (4 KiB aligned). */
    long ramBytes();

    /** The registers the dump recorded (empty when it has none, as a raw RAM file). */
    Map<X86Reg, Long> registers();

    /**
     * Copies the dump's non-zero pages into {@code mem} (at least {@link #ramBytes()} long) and
     * returns how many it wrote; a zero page is skipped, so a sparse RAM stays sparse.
     */
    long copyInto(PhysMem mem);

    /** What the reader left out or had to assume, one sentence each (e.g. ROM above RAM). */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }
}
