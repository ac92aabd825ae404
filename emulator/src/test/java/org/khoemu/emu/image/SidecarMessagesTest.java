// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a bad sidecar is told as: another image's sidecar is not "truncated"; no Java class names. */
class SidecarMessagesTest {
    @TempDir
    Path dir;

    private Path saved(String name, long ram) {
        Path img = dir.resolve(name);
        try (Machine m = Machine.create(ram)) {
            m.mem().write64(0x200000, 0x1122334455667788L);
            RamImage.save(m, img, "seed-v6", Map.of());
        }
        return img;
    }

    private static String loadError(Path img) {
        return assertThrows(ImageException.class, () -> RamImage.load(img).machine().close()).getMessage();
    }

    private static void assertNoJavaNames(String m) {
        assertFalse(m.matches("(?s).*\\b(java|javax|com|org)\\.[a-z]+\\..*"), m);
        assertFalse(m.contains("Exception"), m);
    }

    @Test
    void aSidecarOfAnotherImageSaysSo() throws Exception {
        Path small = saved("small.img", 64L << 20);
        Path big = saved("big.img", 128L << 20);
        Files.copy(RamImage.sidecarOf(big), RamImage.sidecarOf(small), StandardCopyOption.REPLACE_EXISTING);
        String m = loadError(small);
        assertTrue(m.contains("belongs to another image"), m);
        assertFalse(m.contains("truncated"), m);
        assertTrue(m.contains("128 MiB") && m.contains("64 MiB"), m);
    }

    @Test
    void aCutImageIsStillTruncated() throws Exception {
        Path img = saved("cut.img", 64L << 20);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength((40L << 20) + 123);
        }
        String m = loadError(img);
        assertTrue(m.contains("truncated"), m);
        assertFalse(m.contains("another image"), m);
    }

    @Test
    void invalidJsonNamesNoJavaClass() throws Exception {
        Path img = saved("j.img", 64L << 20);
        Path sc = RamImage.sidecarOf(img);
        for (String bad : new String[] {"", "{", "{ not json", "{\"format\": ", "[1, 2", "{\"a\" 1}"}) {
            Files.writeString(sc, bad);
            String m = loadError(img);
            assertTrue(m.startsWith("RAM image sidecar " + sc + " is not "), m);
            assertNoJavaNames(m);
            assertEquals(1, m.lines().count(), m);
        }
        Files.writeString(sc, "");
        assertTrue(loadError(img).contains("is empty"), loadError(img));
        Files.writeString(sc, "{\"format\": ");
        assertTrue(loadError(img).contains("ends early"), loadError(img));
    }
}
