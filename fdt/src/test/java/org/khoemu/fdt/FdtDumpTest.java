// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FdtDumpTest {
    @Test
    void dumpOfTheSeedBlobShowsHeaderStringsAndEveryToken() {
        String d = FdtDump.dump(Fdt.fromBytes(TestBlobs.resource("golden/luo-seed.dtb")));
        String expected = """
                /dts-v1/;
                // header: 40 bytes at 0x0000, big-endian u32 fields
                // 0000 magic:             0xd00dfeed
                // 0004 totalsize:         0xec (236)
                // 0008 off_dt_struct:     0x40
                // 000c off_dt_strings:    0xbc
                // 0010 off_mem_rsvmap:    0x30
                // 0014 version:           17
                // 0018 last_comp_version: 16
                // 001c boot_cpuid_phys:   0x0
                // 0020 size_dt_strings:   0x30 (48)
                // 0024 size_dt_struct:    0x7c (124)

                // memory reserve map at 0x0030
                // 0030 end

                // strings block at 0x00bc, 48 bytes
                // 00bc nameoff 0x00: luo-session-header
                // 00cf nameoff 0x13: liveupdate-number
                // 00e1 nameoff 0x25: compatible

                // structure block at 0x0040, 124 bytes
                // 0040 FDT_BEGIN_NODE
                / {
                // 0048 FDT_PROP len 7 nameoff 0x25, value at 0054
                    compatible = "luo-v1";
                // 005c FDT_PROP len 8 nameoff 0x13, value at 0068, raw LE u64 0x1
                    liveupdate-number = <0x1000000 0x00>;
                // 0070 FDT_BEGIN_NODE
                    luo-session {
                // 0080 FDT_PROP len 15 nameoff 0x25, value at 008c
                        compatible = "luo-session-v1";
                // 009c FDT_PROP len 8 nameoff 0x00, value at 00a8, raw LE u64 0x123456000
                        luo-session-header = <0x604523 0x1000000>;
                // 00b0 FDT_END_NODE
                    };
                // 00b4 FDT_END_NODE
                };
                // 00b8 FDT_END
                """;
        assertEquals(expected, d);
    }

    @Test
    void reserveMapEntriesAndEveryKindAppear() {
        String d = FdtDump.dump(Fdt.fromBytes(TestBlobs.khoAllKinds()));
        assertTrue(d.contains("// 0030 entry\n/memreserve/ 0x1000 0x2000;\n"), d);
        assertTrue(d.contains("/memreserve/ 0x100000000 0x400000;\n// 0050 end\n"), d);
        assertTrue(d.contains("    bytes = [01 02 03 ff 7f];\n"), d);
        assertTrue(d.contains("    empty;\n"), d);
        assertTrue(d.contains("raw LE u64 0x7ff01000\n    preserved-memory-map = "), d);
        assertTrue(d.contains("            nr_folios = <0x03>;\n"), d);
    }
}
