// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;

/** The {@code e820_table} of boot_params: {@code e820_entries} u8 and up to 128 packed entries. */
public final class E820Table {
    private E820Table() {
    }

    public static void write(PhysMem mem, long bootParams, List<E820Entry> map) {
        if (map.size() > BootParams.E820_MAX_ENTRIES_ZEROPAGE) {
            throw new IllegalArgumentException("more than 128 e820 entries: " + map.size());
        }
        mem.write8(bootParams + BootParams.OFF_E820_ENTRIES, (byte) map.size());
        for (int i = 0; i < map.size(); i++) {
            long at = bootParams + BootParams.OFF_E820_TABLE + (long) i * E820Entry.SIZE;
            E820Entry e = map.get(i);
            mem.write64(at, e.addr());
            mem.write64(at + 8, e.size());
            mem.write32(at + 16, e.type());
        }
    }

    /** Reads the table; the count is clamped to 128 as the kernel's sanitizer does. */
    public static List<E820Entry> read(PhysMem mem, long bootParams) {
        int n = Math.min(Byte.toUnsignedInt(mem.read8(bootParams + BootParams.OFF_E820_ENTRIES)),
                BootParams.E820_MAX_ENTRIES_ZEROPAGE);
        List<E820Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long at = bootParams + BootParams.OFF_E820_TABLE + (long) i * E820Entry.SIZE;
            out.add(new E820Entry(mem.read64(at), mem.read64(at + 8), mem.read32(at + 16)));
        }
        return out;
    }
}
