// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.E820Entry;

import java.util.List;

/**
 * The e820 map QEMU's {@code pc} machine with its SeaBIOS gives a guest whose RAM lies below the
 * PCI hole (less than 3.5 GiB): RAM below the EBDA, the EBDA's 1 KiB and the BIOS's top 64 KiB of
 * the first megabyte reserved, RAM up to 128 KiB below RAM's end (SeaBIOS keeps that for itself),
 * the BIOS ROM below 4 GiB and QEMU's reserved window at 1012 GiB. SeaBIOS prints the same
 * entries on its debug console ({@code conformance/qemu-e820.sh}); the Linux 6.19.6 capture's
 * map for 1 GiB is this one.
 */
public final class QemuFirmwareMap {
    /** Start of the Extended BIOS Data Area SeaBIOS places below 640 KiB. */
    static final long EBDA = 0x9fc00;
    static final long EBDA_SIZE = 0x400;
    static final long BIOS_AREA = 0xf0000;
    static final long BIOS_AREA_SIZE = 0x10000;
    /** What SeaBIOS reserves at the top of RAM. */
    static final long SEABIOS_HIGH = 0x20000;
    static final long BIOS_ROM = 0xfffc0000L;
    static final long BIOS_ROM_SIZE = 0x40000;
    /** QEMU reserves [0xfd00000000, 1 TiB) on x86 (the HyperTransport window of AMD hosts). */
    static final long HT_WINDOW = 0xfd00000000L;
    static final long HT_WINDOW_SIZE = 0x300000000L;
    /** Above this the pc machine splits RAM around the PCI hole, which khoemu's contiguous RAM cannot do. */
    public static final long MAX_LOW_RAM = 0xe0000000L;

    private QemuFirmwareMap() {
    }

    /** True when {@link #forRam} gives QEMU's map for {@code ram} bytes. */
    public static boolean covers(long ram) {
        return ram > Machine.LOW_RESERVED + SEABIOS_HIGH && ram < MAX_LOW_RAM;
    }

    public static List<E820Entry> forRam(long ram) {
        if (!covers(ram)) {
            throw new IllegalArgumentException(String.format("QEMU's pc map is modelled for RAM below 0x%x, not 0x%x",
                    MAX_LOW_RAM, ram));
        }
        long hi = Machine.LOW_RESERVED;
        return List.of(new E820Entry(0, EBDA, E820Entry.E820_TYPE_RAM),
                new E820Entry(EBDA, EBDA_SIZE, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(BIOS_AREA, BIOS_AREA_SIZE, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(hi, ram - SEABIOS_HIGH - hi, E820Entry.E820_TYPE_RAM),
                new E820Entry(ram - SEABIOS_HIGH, SEABIOS_HIGH, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(BIOS_ROM, BIOS_ROM_SIZE, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(HT_WINDOW, HT_WINDOW_SIZE, E820Entry.E820_TYPE_RESERVED));
    }
}
