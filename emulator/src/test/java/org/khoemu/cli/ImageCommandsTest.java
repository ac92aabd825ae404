// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.SyntheticHandover;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * inspect and resume on image files: a hand-made handover decodes; missing, truncated, badly
 * described and non-handover images give one line and exit 1, never a trace.
 */
class ImageCommandsTest {
    @TempDir
    Path dir;
    Path image;
    SyntheticHandover handover;

    /** The synthetic handover saved as a real RAM image of a 64 MiB machine, RSI = boot_params. */
    @BeforeEach
    void save() throws Exception {
        image = dir.resolve("handover.img");
        try (Machine m = Machine.create(64L << 20)) {
            handover = new SyntheticHandover(m.mem());
            m.cpu().setReg(X86Reg.RSI, SyntheticHandover.BP);
            RamImage.save(m, image, "seed-v6", Map.of());
        }
    }

    static void assertOneLine(MainOptionsTest.Result r, String expectedStart) {
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("khoemu: " + expectedStart), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in"), r.err());
    }

    @Test
    void inspectDecodesTheSavedHandover() {
        var r = run("inspect", image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("boot_params (saved RSI) 0x100000"), r.out());
        assertTrue(r.out().contains("session[0] \"session-0\" at block offset 0x10"), r.out());
        assertTrue(r.out().contains("token 0x11, size 10000, sha256 " + handover.sha0), r.out());
        var hex = run("inspect", "--hex", image.toString());
        assertEquals(0, hex.code());
        assertTrue(hex.out().contains("00400010: 7365 7373 696f 6e2d 3000 0000 0000 0000  session-0.......  name"), hex.out());
    }

    @Test
    void missingImage() {
        assertOneLine(run("inspect", dir.resolve("nope.img").toString()),
                "RAM image " + dir.resolve("nope.img") + " does not exist or is not a regular file");
        assertOneLine(run("resume", dir.resolve("nope.img").toString()),
                "RAM image " + dir.resolve("nope.img") + " does not exist or is not a regular file");
    }

    @Test
    void truncatedImage() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(32L << 20);
        }
        assertOneLine(run("inspect", image.toString()),
                "RAM image " + image + " is 0x2000000 bytes but its sidecar says 0x4000000 (truncated)");
    }

    @Test
    void sidecarThatIsNotJson() throws Exception {
        Files.writeString(RamImage.sidecarOf(image), "{ not json");
        assertOneLine(run("inspect", image.toString()), "RAM image sidecar " + RamImage.sidecarOf(image) + " is not valid JSON");
    }

    @Test
    void sidecarDescribingOtherContents() throws Exception {
        Path sc = RamImage.sidecarOf(image);
        Files.writeString(sc, Files.readString(sc).replaceFirst("\"nonZeroPages\": \\d+", "\"nonZeroPages\": 3"));
        assertOneLine(run("resume", image.toString()), "RAM image " + image + " does not match its sidecar");
    }

    @Test
    void sidecarWithoutBootParams() throws Exception {
        Path sc = RamImage.sidecarOf(image);
        Files.writeString(sc, Files.readString(sc).replace("\"rsi\": \"0x100000\"", "\"rsi\": \"0x0\""));
        assertOneLine(run("inspect", image.toString()), image + ": the sidecar's RSI is 0");
    }

    @Test
    void corruptSessionBlockNamesFieldAndAddress() throws Exception {
        try (Machine m = Machine.create(64L << 20)) {
            new SyntheticHandover(m.mem());
            m.mem().write64(SyntheticHandover.BLOCK + 8, 0x1234);
            m.cpu().setReg(X86Reg.RSI, SyntheticHandover.BP);
            RamImage.save(m, image, "seed-v6", Map.of());
        }
        assertOneLine(run("inspect", image.toString()),
                image + ": luo_session_header_ser.count at 0x400008: 4660, expected 0..819");
        // resume decodes nothing itself: kernel B judges the handover (here it cannot boot at all)
        assertOneLine(run("resume", image.toString()), "kernel B panic: ");
    }

    @Test
    void resumeOfAHandoverThatKernelBRefuses() {
        // hand-made: its one scratch area is empty, so kernel B cannot even place its memmap
        var r = run("resume", image.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("khoemu: kernel B panic: Failed to allocate 1048576 bytes for the memmap\n", r.err());
    }
}
