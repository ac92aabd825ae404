// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.khoemu.inspect.BootChain;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.SetupData;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The boot chain of two handovers: the boot_params page (the setup-header fields the loader
 * copies from the bzImage and the e820 table by name, every other byte as bytes), the command
 * line, each setup_data entry, kho_data and the kho_scratch array.
 */
final class BootChainCompare {
    static final List<CField> HEADER = List.of(
            CField.address("ext_cmd_line_ptr", BootParams.OFF_EXT_CMD_LINE_PTR, 4),
            CField.value("e820_entries", BootParams.OFF_E820_ENTRIES, 1),
            CField.value("hdr.setup_sects", BootParams.OFF_SETUP_SECTS, 1),
            CField.value("hdr.boot_flag", BootParams.OFF_BOOT_FLAG, 2),
            CField.value("hdr.header", BootParams.OFF_HEADER, 4),
            CField.value("hdr.version", BootParams.OFF_VERSION, 2),
            CField.value("hdr.type_of_loader", BootParams.OFF_TYPE_OF_LOADER, 1),
            CField.value("hdr.loadflags", BootParams.OFF_LOADFLAGS, 1),
            CField.value("hdr.code32_start", BootParams.OFF_CODE32_START, 4),
            CField.address("hdr.ramdisk_image", BootParams.OFF_RAMDISK_IMAGE, 4),
            CField.value("hdr.ramdisk_size", BootParams.OFF_RAMDISK_SIZE, 4),
            CField.address("hdr.cmd_line_ptr", BootParams.OFF_CMD_LINE_PTR, 4),
            CField.value("hdr.kernel_alignment", BootParams.OFF_KERNEL_ALIGNMENT, 4),
            CField.value("hdr.relocatable_kernel", BootParams.OFF_RELOCATABLE_KERNEL, 1),
            CField.value("hdr.xloadflags", BootParams.OFF_XLOADFLAGS, 2),
            CField.value("hdr.cmdline_size", BootParams.OFF_CMDLINE_SIZE, 4),
            CField.address("hdr.setup_data", BootParams.OFF_SETUP_DATA, 8),
            CField.value("hdr.pref_address", BootParams.OFF_PREF_ADDRESS, 8),
            CField.value("hdr.init_size", BootParams.OFF_INIT_SIZE, 4));

    /**
     * The areas of {@code struct boot_params} (the x86 zero page) that are not compared field by
     * field, by offset, to name a differing byte range.
     */
    static final List<CField> AREAS = List.of(CField.value("screen_info", 0x000, 0x40),
            CField.value("apm_bios_info", 0x040, 0x14), CField.value("tboot_addr", 0x058, 8),
            CField.value("ist_info", 0x060, 0x10), CField.value("acpi_rsdp_addr", 0x070, 8),
            CField.value("hd0_info", 0x080, 0x10), CField.value("hd1_info", 0x090, 0x10),
            CField.value("sys_desc_table", 0x0a0, 0x10), CField.value("olpc_ofw_header", 0x0b0, 0x10),
            CField.value("ext_ramdisk_image", 0x0c0, 4), CField.value("ext_ramdisk_size", 0x0c4, 4),
            CField.value("edid_info", 0x140, 0x80), CField.value("efi_info", 0x1c0, 0x20),
            CField.value("alt_mem_k", 0x1e0, 4), CField.value("scratch", 0x1e4, 4),
            CField.value("hdr (setup header)", 0x1f1, 0x290 - 0x1f1), CField.value("edd_mbr_sig_buffer", 0x290, 0x40),
            CField.value("e820_table", BootParams.OFF_E820_TABLE, BootParams.E820_MAX_ENTRIES_ZEROPAGE * E820Entry.SIZE),
            CField.value("eddbuf", 0xd00, 0x1ec));

    private BootChainCompare() {
    }

    static void compare(Findings out, Side a, Side b) {
        BootChain x = a.boot();
        BootChain y = b.boot();
        List<CField> f = new ArrayList<>(HEADER);
        byte[] pa = a.bytes(x.bootParamsPa(), BootParams.SIZE, HandoverCompare.BOOT_PARAMS);
        byte[] pb = b.bytes(y.bootParamsPa(), BootParams.SIZE, HandoverCompare.BOOT_PARAMS);
        int n = Math.min(BootParams.E820_MAX_ENTRIES_ZEROPAGE,
                Math.max(pa[BootParams.OFF_E820_ENTRIES] & 0xff, pb[BootParams.OFF_E820_ENTRIES] & 0xff));
        for (int i = 0; i < n; i++) {
            int at = BootParams.OFF_E820_TABLE + i * E820Entry.SIZE;
            f.add(CField.value("e820_table[" + i + "].addr", at, 8));
            f.add(CField.value("e820_table[" + i + "].size", at + 8, 8));
            f.add(CField.value("e820_table[" + i + "].type", at + 16, 4));
        }
        StructCompare.compare(out, HandoverCompare.BOOT_PARAMS, x.bootParamsPa(), pa, y.bootParamsPa(), pb, f, AREAS);
        String ca = cmdline(a, x.cmdLinePa());
        String cb = cmdline(b, y.cmdLinePa());
        out.add(new Finding(HandoverCompare.CMDLINE, "text", 0, 0, x.cmdLinePa(), y.cmdLinePa(), "\"" + ca + "\"",
                "\"" + cb + "\"", ca.equals(cb) ? Finding.Kind.EQUAL : Finding.Kind.DIFFERENT,
                ca.equals(cb) ? "" : "value"));
        for (int i = 0; i < Math.max(x.setupData().size(), y.setupData().size()); i++) {
            String s = "setup_data[" + i + "]";
            if (i >= x.setupData().size() || i >= y.setupData().size()) {
                out.missing(s, "entry", 0, 0, i < x.setupData().size() ? "present" : "absent",
                        i < y.setupData().size() ? "present" : "absent");
                continue;
            }
            long sa = x.setupData().get(i).pa();
            long sb = y.setupData().get(i).pa();
            StructCompare.compare(out, s, sa, a.bytes(sa, SetupData.SIZE, s), sb, b.bytes(sb, SetupData.SIZE, s),
                    HandoverCompare.SETUP_DATA);
        }
        StructCompare.compare(out, HandoverCompare.KHO_DATA, x.khoDataPa(),
                a.bytes(x.khoDataPa(), org.khoemu.kernel.x86.KhoData.SIZE, HandoverCompare.KHO_DATA), y.khoDataPa(),
                b.bytes(y.khoDataPa(), org.khoemu.kernel.x86.KhoData.SIZE, HandoverCompare.KHO_DATA),
                HandoverCompare.KHO_DATA_FIELDS);
        List<long[]> ka = x.scratch(a.r());
        List<long[]> kb = y.scratch(b.r());
        for (int i = 0; i < Math.max(ka.size(), kb.size()); i++) {
            String s = HandoverCompare.KHO_SCRATCH + "[" + i + "]";
            if (i >= ka.size() || i >= kb.size()) {
                out.missing(s, "entry", 0, 0, i < ka.size() ? "present" : "absent", i < kb.size() ? "present" : "absent");
                continue;
            }
            long sa = x.khoData().scratchAddr() + 16L * i;
            long sb = y.khoData().scratchAddr() + 16L * i;
            StructCompare.compare(out, s, sa, a.bytes(sa, 16, s), sb, b.bytes(sb, 16, s), HandoverCompare.SCRATCH);
        }
    }

    private static String cmdline(Side s, long pa) {
        if (pa == 0) {
            return "";
        }
        byte[] v = s.bytes(pa, Math.min(2048, s.h().machine().mem().size() - pa), HandoverCompare.CMDLINE);
        int n = 0;
        while (n < v.length && v[n] != 0) {
            n++;
        }
        return new String(v, 0, n, StandardCharsets.ISO_8859_1);
    }
}
