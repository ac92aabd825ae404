// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;

import java.util.List;

/** Cold-boots kernels on heap RAM for unit tests: a PC-like map with the 640K-1M hole. */
public final class TestBoot {
    public static final long MIB = 1L << 20;

    private TestBoot() {
    }

    public static List<E820Entry> pcMap(long ram) {
        return List.of(new E820Entry(0, 0x9f000, E820Entry.E820_TYPE_RAM),
                new E820Entry(0x9f000, MIB - 0x9f000, E820Entry.E820_TYPE_RESERVED),
                new E820Entry(MIB, ram - MIB, E820Entry.E820_TYPE_RAM));
    }

    public static Kernel cold(PhysMem mem, String cmdline, KernelSubsystem... subsystems) {
        return Kernel.coldBoot(mem, pcMap(mem.size()), cmdline, new KernelLog("A"), StepObserver.NONE,
                List.of(subsystems));
    }

    public static Kernel cold(long ram, String cmdline, KernelSubsystem... subsystems) {
        return cold(new HeapPhysMem(ram), cmdline, subsystems);
    }
}
