// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.SyntheticHandover;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.ImageCommandsTest.assertOneLine;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * inspect and resume on dumps without a sidecar: a raw RAM file (pmemsave's format) needs
 * {@code --rsi}; the ABI profile is inferred from the LUO FDT unless {@code --abi} says otherwise;
 * a QEMU ELF core is read and its RSI used.
 */
class DumpCommandsTest {
    @TempDir
    Path dir;
    Path raw;
    SyntheticHandover handover;

    /** The synthetic seed-v6 handover as raw RAM: khoemu's image file with its sidecar removed. */
    @BeforeEach
    void save() throws Exception {
        raw = dir.resolve("ram.bin");
        try (Machine m = Machine.create(64L << 20)) {
            handover = new SyntheticHandover(m.mem());
            RamImage.save(m, raw, "seed-v6", Map.of());
        }
        Files.delete(RamImage.sidecarOf(raw));
    }

    @Test
    void rawRamWithRsiDecodesAndInfersTheProfile() {
        var r = run("inspect", "--rsi", "0x100000", raw.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("image " + raw + ": raw RAM (pmemsave), 64 MiB of RAM, ABI profile seed-v6 "
                + "(LUO FDT compatible \"luo-session-v1\"), "), r.out());
        assertTrue(r.out().contains("boot_params (--rsi) 0x100000"), r.out());
        assertTrue(r.out().contains("token 0x11, size 10000, sha256 " + handover.sha0), r.out());
        var forced = run("inspect", "--rsi", "0x100000", "--abi", "v6.19", raw.toString());
        assertTrue(forced.out().contains("ABI profile v6.19 (--abi)"), forced.out());
    }

    @Test
    void fdtTreeOfARawDump() {
        var r = run("fdt", "dts", "--tree", "luo", "--rsi", "0x100000", raw.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("compatible = \"luo-session-v1\";"), r.out());
        var k = run("fdt", "dts", "--tree", "kho", "--kho-fdt", "0x200000", raw.toString());
        assertEquals(0, k.code(), k.err());
        assertTrue(k.out().contains("compatible = \"kho-v1\";"), k.out());
        assertOneLine(run("fdt", "dts", "--tree", "kho", "--kho-fdt", "0x201000", raw.toString()),
                raw + ": KHO FDT magic at 0x201000: 0x00000000, expected 0xd00dfeed");
    }

    /** From the KHO FDT on one side: the boot chain is reported missing there, the rest compared. */
    @Test
    void compareFromTheKhoFdt() {
        var same = run("compare", "--rsi", "0x100000", raw.toString(), raw.toString());
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().endsWith("OK: no difference other than addresses\n"), same.out());
        var noBoot = run("compare", "--kho-fdt", "0x200000", raw.toString(), raw.toString());
        assertEquals(0, noBoot.code(), noBoot.out() + noBoot.err());
        assertTrue(noBoot.out().contains("\nKHO FDT  A 0x200000  B 0x200000: "), noBoot.out());
        assertTrue(!noBoot.out().contains("boot_params"), noBoot.out());
    }

    @Test
    void rawRamNeedsBootParams() {
        assertOneLine(run("inspect", raw.toString()), raw + ": raw RAM (pmemsave) names no boot_params (no RSI in it): "
                + "give --rsi ADDR (boot_params) or --kho-fdt ADDR");
        assertOneLine(run("resume", "--kho-fdt", "0x200000", raw.toString()),
                raw + ": kernel B boots from boot_params, give --rsi ADDR, not --kho-fdt");
        assertOneLine(run("inspect", "--rsi", "0x100000", "--ram", "32M", raw.toString()),
                raw + ": 0x4000000 bytes are more than the 0x2000000 bytes of RAM given with --ram");
        var bad = run("inspect", "--rsi", "0x100000", "--abi", "v7", raw.toString());
        assertEquals(2, bad.code());
        assertEquals("khoemu: invalid value for --abi: 'v7' (expected one of seed-v6, seed-v6-name64, v6.19, luo-v5)\n", bad.err());
    }

    @Test
    void qemuElfCoreIsReadWithItsRegisters() throws Exception {
        Path elf = dir.resolve("qemu.elf");
        try (InputStream in = new GZIPInputStream(
                DumpCommandsTest.class.getResourceAsStream("/org/khoemu/emu/dump/qemu-2m.elf.gz"))) {
            Files.write(elf, in.readAllBytes());
        }
        // QEMU's -m 2 is below khoemu's smallest machine; with --ram the RSI the guest code left (0xc0ffee) is used
        assertOneLine(run("inspect", elf.toString()), elf + ": RAM of 0x200000 bytes is not a multiple of 4 KiB between "
                + "64 MiB and 64 GiB (give --ram)");
        assertOneLine(run("inspect", "--ram", "64M", elf.toString()),
                elf + ": boot_params at 0xc0ffee: not page aligned");
    }
}
