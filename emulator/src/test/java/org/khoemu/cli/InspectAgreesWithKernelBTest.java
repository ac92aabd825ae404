// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * A handover kernel B refuses is flagged by inspect, with the line kernel B logs. The oracle is
 * kernel B itself, booted on the same damaged RAM.
 */
class InspectAgreesWithKernelBTest {
    @TempDir
    Path dir;
    Path good;

    @BeforeEach
    void realHandover() {
        MainOptionsTest.Result r = run("run", "--sessions", "1", "--files-per-session", "1", "--memfd-size", "8K",
                "--ram", "128M", "--out", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        good = dir.resolve("handover.img");
    }

    /** Saves a copy of the good image with {@code damage(machine, first scratch entry's pa)} applied. */
    private Path damaged(String name, BiConsumer<Machine, HandoverInspection> damage) {
        Path out = dir.resolve(name);
        RamImage.Loaded l = RamImage.load(good);
        try (Machine m = l.machine()) {
            long bp = l.sidecar().registers().get(org.khoemu.emu.X86Reg.RSI);
            damage.accept(m, HandoverInspection.decode(m.mem(), bp));
            RamImage.save(m, out, l.sidecar().abiProfile(), Map.of());
        }
        return out;
    }

    /** What kernel B logs when it refuses the handover in {@code image}. */
    private static String kernelBRefusal(Path image) {
        RamImage.Loaded l = RamImage.load(image);
        try (Machine m = l.machine()) {
            KernelLog log = new KernelLog("B");
            Kernel.bootFromHandover(m.mem(), l.sidecar().registers().get(org.khoemu.emu.X86Reg.RSI), log,
                    StepObserver.NONE, List.of(new Luo(LuoAbiProfiles.DEFAULT)));
            String line = log.lines().stream().filter(s -> s.contains("disabling KHO revival")).findFirst().orElse(null);
            assertNotNull(line, "kernel B accepted it: " + log.lines());
            return line;
        }
    }

    private void assertInspectFlags(Path image) {
        String refusal = kernelBRefusal(image);
        MainOptionsTest.Result r = run("inspect", image.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("kernel B would refuse: " + refusal), refusal + "\n" + r.out());
        assertEquals("khoemu: inspect: kernel B would refuse this handover: " + refusal + "\n", r.err());
    }

    @Test
    void aGoodHandoverHasNoWarning() {
        MainOptionsTest.Result r = run("inspect", good.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.out().contains("would refuse"), r.out());
    }

    @Test
    void scratchAreaOutsideRam() {
        assertInspectFlags(damaged("outside.img", (m, in) -> m.mem().write64(in.boot().khoData().scratchAddr()
                + KhoScratch.OFF_ADDR, m.mem().size())));
    }

    @Test
    void scratchAreaNotPageAligned() {
        assertInspectFlags(damaged("unaligned.img", (m, in) -> {
            long pa = in.boot().khoData().scratchAddr() + KhoScratch.OFF_ADDR;
            m.mem().write64(pa, m.mem().read64(pa) + 8);
        }));
    }

    @Test
    void preservedBlockInsideScratch() {
        assertInspectFlags(damaged("overlap.img", (m, in) -> {
            long block = in.memMap().blocks().keySet().iterator().next();
            long pa = in.boot().khoData().scratchAddr();
            m.mem().write64(pa + KhoScratch.OFF_ADDR, block & ~0xfffL);
            m.mem().write64(pa + KhoScratch.OFF_SIZE, 4096);
        }));
    }

    @Test
    void scratchArrayOutsideRam() {
        assertInspectFlags(damaged("array.img", (m, in) -> m.mem().write64(in.boot().khoDataPa()
                + org.khoemu.kernel.x86.KhoData.OFF_SCRATCH_ADDR, m.mem().size() - 8)));
    }

    /** Without its FDT nothing more can be decoded: the one line still carries kernel B's words. */
    @Test
    void fdtLargerThanKernelBMaps() {
        Path image = damaged("fdt.img", (m, in) -> m.mem().write64(in.boot().khoDataPa()
                + org.khoemu.kernel.x86.KhoData.OFF_FDT_SIZE, 2L << 20));
        String refusal = kernelBRefusal(image);
        MainOptionsTest.Result r = run("inspect", image.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("kernel B would refuse this handover: " + refusal), refusal + "\n" + r.err());
    }

    /** Replaces the first {@code from} inside the KHO FDT's bytes in RAM by {@code to} (same length). */
    private static void patchKhoFdt(Machine m, HandoverInspection in, byte[] from, byte[] to) {
        byte[] fdt = in.kho().bytes();
        for (int i = 0; i + from.length <= fdt.length; i++) {
            if (java.util.Arrays.equals(fdt, i, i + from.length, from, 0, from.length)) {
                for (int j = 0; j < to.length; j++) {
                    m.mem().write8(in.kho().pa() + i + j, to[j]);
                }
                return;
            }
        }
        throw new AssertionError("pattern not in the KHO FDT");
    }

    private void assertDecodeStopsWithKernelBWords(Path image) {
        String refusal = kernelBRefusal(image);
        MainOptionsTest.Result r = run("inspect", image.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("kernel B would refuse this handover: " + refusal), refusal + "\n" + r.err());
    }

    @Test
    void khoFdtOfAnotherFormat() {
        assertDecodeStopsWithKernelBWords(damaged("compat.img", (m, in) -> patchKhoFdt(m, in,
                "kho-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "kho-v0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    }

    @Test
    void emptyPreservedMemoryMap() {
        assertDecodeStopsWithKernelBWords(damaged("nomap.img", (m, in) -> patchKhoFdt(m, in,
                java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(in.memMapPa()).array(),
                new byte[8])));
    }
}
