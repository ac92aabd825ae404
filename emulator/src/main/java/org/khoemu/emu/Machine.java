// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.KexecHardware;

import java.util.List;

/**
 * The emulated machine: sparse native RAM, one x86-64 CPU sharing it zero-copy, the firmware
 * memory map, the kexec hardware path and fault injection. Several machines may live in one JVM.
 */
public final class Machine implements AutoCloseable {
    /** The low megabyte is firmware's ({@code [0, 1 MiB)} reserved), as on a PC. */
    public static final long LOW_RESERVED = 1L << 20;

    private final PhysicalMemory mem;
    private final Cpu cpu;
    private final List<E820Entry> firmwareMap;
    private final HardwareFaults faults;
    private final MachineKexec kexec;

    private Machine(long ramBytes, List<E820Entry> map) {
        PhysicalMemory m = new PhysicalMemory(ramBytes);
        try {
            this.cpu = new Cpu(m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        this.mem = m;
        this.firmwareMap = map == null ? defaultMap(ramBytes) : validMap(map, ramBytes);
        this.faults = new HardwareFaults(m);
        this.kexec = new MachineKexec(this);
    }

    /** A powered-on machine with {@code ramBytes} of zeroed RAM (64 MiB..64 GiB, 4 KiB aligned). */
    public static Machine create(long ramBytes) {
        return new Machine(ramBytes, null);
    }

    /** A machine with an explicit firmware map (from a RAM image), checked against its RAM. */
    public static Machine create(long ramBytes, List<E820Entry> firmwareMap) {
        return new Machine(ramBytes, firmwareMap);
    }

    /**
     * QEMU's pc map with SeaBIOS for the RAM size, as a real guest of that size is given; above
     * 3.5 GiB (where QEMU would split RAM around the PCI hole) the low megabyte reserved and the
     * rest RAM.
     */
    private static List<E820Entry> defaultMap(long ram) {
        if (QemuFirmwareMap.covers(ram)) {
            return QemuFirmwareMap.forRam(ram);
        }
        return List.of(new E820Entry(0, LOW_RESERVED, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(LOW_RESERVED, ram - LOW_RESERVED, E820Entry.E820_TYPE_RAM));
    }

    /**
     * Entries sorted, not overlapping, not wrapping the 64-bit space; usable RAM (type 1) must be
     * backed by this machine's RAM. Other types may lie anywhere: a real firmware map reserves
     * ranges above RAM (the BIOS ROM below 4 GiB, QEMU's 0xfd00000000 hole), as the capture shows.
     */
    private static List<E820Entry> validMap(List<E820Entry> map, long ram) {
        long prevEnd = 0;
        for (E820Entry e : map) {
            if (e.size() <= 0 || e.addr() < 0 || e.addr() < prevEnd || e.addr() > Long.MAX_VALUE - e.size()) {
                throw new IllegalArgumentException(String.format(
                        "firmware map entry [0x%x, +0x%x) is empty, overlaps or is unsorted", e.addr(), e.size()));
            }
            if (e.isRam() && e.addr() > ram - e.size()) {
                throw new IllegalArgumentException(String.format(
                        "firmware map RAM entry [0x%x, +0x%x) lies outside RAM of 0x%x bytes", e.addr(), e.size(), ram));
            }
            prevEnd = e.end();
        }
        return List.copyOf(map);
    }

    public PhysicalMemory mem() {
        return mem;
    }

    public Cpu cpu() {
        return cpu;
    }

    /** The e820-style map firmware hands the first kernel. */
    public List<E820Entry> firmwareMap() {
        return firmwareMap;
    }

    public KexecHardware kexecHardware() {
        return kexec;
    }

    /** The same object as {@link #kexecHardware()}, with its budget settings. */
    public MachineKexec kexec() {
        return kexec;
    }

    public HardwareFaults faults() {
        return faults;
    }

    /** Power cycle: RAM reads as zero again (its host pages are released), registers reset. */
    public void coldReset() {
        mem.discard(0, mem.size());
        cpu.invalidateAllCode();
        cpu.resetRegisters();
        faults.clearPowerLoss();
    }

    @Override
    public void close() {
        cpu.close();
        mem.close();
    }
}
