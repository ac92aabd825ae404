// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.nat.DataExtents;
import org.khoemu.emu.nat.LibC;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RamImageTest {
    @TempDir
    Path dir;

    /** Scatters random pages (and a few all-zero-but-touched pages) over RAM. */
    private static void scribble(Machine m, long seed, int pages) {
        Random r = new Random(seed);
        byte[] page = new byte[4096];
        for (int i = 0; i < pages; i++) {
            long pa = (r.nextLong() & (m.mem().size() - 1)) & ~4095L;
            r.nextBytes(page);
            m.mem().write(pa, page);
        }
        m.mem().write64(0x3654320, 0x1122334455667788L);
        m.mem().fill(0x3000000, 8192, (byte) 0); // touched, still zero: must not be stored
    }

    /**
     * Fills a seeded random set of pages (always the first and the last page, and on a machine
     * over 1 GiB the two pages around the first 1 GiB boundary) with seeded random bytes, and
     * returns each page's address with the SHA-256 of the bytes written, computed here from
     * those bytes, not read back through anything the image code uses.
     */
    private static Map<Long, String> randomPages(Machine m, long seed, int count) throws Exception {
        Random r = new Random(seed);
        long size = m.mem().size();
        TreeSet<Long> pas = new TreeSet<>(List.of(0L, size - 4096));
        if (size > 1L << 30) {
            pas.add((1L << 30) - 4096);
            pas.add(1L << 30);
        }
        while (pas.size() < count) {
            pas.add((long) r.nextInt((int) (size / 4096)) * 4096);
        }
        Map<Long, String> sha = new TreeMap<>();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] page = new byte[4096];
        for (long pa : pas) {
            r.nextBytes(page);
            page[r.nextInt(4096)] = 1; // never an all-zero page
            m.mem().write(pa, page);
            sha.put(pa, HexFormat.of().formatHex(md.digest(page)));
        }
        return sha;
    }

    /** Saves a machine with random pages, then has a second JVM check every page of the image. */
    private List<String> saveAndCheckInChild(long ram, long seed, boolean fullScan) throws Exception {
        Path img = dir.resolve("ram" + seed + ".img");
        Map<Long, String> pages;
        try (Machine m = Machine.create(ram)) {
            pages = randomPages(m, seed, 300);
            long zeroed = 0x3000000;
            assertFalse(pages.containsKey(zeroed) || pages.containsKey(zeroed + 4096));
            m.mem().fill(zeroed, 8192, (byte) 0); // touched, still zero: must not be stored
            m.cpu().setReg(X86Reg.RIP, 0xabcdef);
            RamImage.save(m, img, "seed-v6", Map.of("scenario", "unit"));
        }
        assertEquals(ram, Files.size(img));
        StringBuilder list = new StringBuilder();
        pages.forEach((pa, sha) -> list.append(Long.toHexString(pa)).append(' ').append(sha).append('\n'));
        Path listFile = dir.resolve("pages" + seed + ".txt");
        Files.writeString(listFile, list);
        List<String> out = child(img, listFile, fullScan ? "full" : "listed");
        assertTrue(out.stream().noneMatch(l -> l.startsWith("bad")), out::toString);
        assertTrue(out.contains("checked=" + (fullScan ? ram / 4096 : pages.size())), out::toString);
        assertTrue(out.contains("rip=abcdef"), out::toString);
        return out;
    }

    @Test
    void imageLoadedInAnotherJvmHoldsExactlyTheWrittenPages() throws Exception {
        saveAndCheckInChild(256L << 20, 1, true);
        Path img = dir.resolve("ram1.img");
        String sidecar = Files.readString(RamImage.sidecarOf(img));
        assertTrue(sidecar.contains("\"abiProfile\": \"seed-v6\""), sidecar);
        assertTrue(sidecar.contains("\"scenario\": \"unit\""), sidecar);
        // Holes where RAM is zero: the touched-but-zero 8 KiB at 0x3000000 is not stored.
        int fd = LibC.open(img.toString(), LibC.O_RDONLY);
        try {
            long stored = 0;
            for (long[] e : DataExtents.of(fd, 256L << 20)) {
                stored += e[1] - e[0];
                assertTrue(e[1] <= 0x3000000 || e[0] >= 0x3002000, () -> "extent over the zero pages");
            }
            assertTrue(stored <= 300 * 4096L, "stored bytes " + stored);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void imageOfATwoGibMachineKeepsThePagesAroundTheOneGibBoundary() throws Exception {
        saveAndCheckInChild(2L << 30, 5, false);
    }

    @Test
    void fileOffsetIsThePhysicalAddress() throws Exception {
        Path img = dir.resolve("offset.img");
        try (Machine m = Machine.create(64L << 20)) {
            m.mem().write64(0x3654320, 0x1122334455667788L);
            RamImage.save(m, img, "seed-v6", Map.of());
        }
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            f.seek(0x3654320);
            assertEquals(0x1122334455667788L, Long.reverseBytes(f.readLong()));
        }
    }

    private List<String> child(Path img, Path list, String mode) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RamImageChild.class.getName(), img.toString(),
                list.toString(), mode)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        return List.of(text.split("\n"));
    }

    @Test
    void sixtyFourGibMachineWithAFewMibSavesAndLoadsSparsely() {
        Path img = dir.resolve("big.img");
        String digest;
        try (Machine m = Machine.create(64L << 30)) {
            scribble(m, 2, 1000);
            m.mem().write64((64L << 30) - 8, -1L);
            digest = RamImage.pagesSha256(m.mem());
            long t0 = System.nanoTime();
            RamImage.save(m, img, "seed-v6", Map.of());
            System.out.printf("64 GiB save: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
        long t0 = System.nanoTime();
        try (Machine m = RamImage.load(img).machine()) {
            System.out.printf("64 GiB load: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(digest, RamImage.pagesSha256(m.mem()));
            assertEquals(-1L, m.mem().read64((64L << 30) - 8));
        }
    }

    /** A 64 MiB machine with a few random pages, saved as {@code name}; the machine stays open. */
    private Machine savedSmall(Path img, long seed) {
        Machine m = Machine.create(64L << 20);
        scribble(m, seed, 10);
        RamImage.save(m, img, "seed-v6", Map.of());
        return m;
    }

    @Test
    void failedSaveKeepsTheExistingImage() throws Exception {
        Path img = dir.resolve("keep.img");
        try (Machine m = savedSmall(img, 3)) {
            byte[] before = Files.readAllBytes(RamImage.sidecarOf(img));
            // The temporary file name is taken by a directory: the save fails before any rename.
            Path blocker = img.resolveSibling("." + img.getFileName() + ".tmp" + ProcessHandle.current().pid());
            Files.createDirectory(blocker);
            m.mem().write64(0, 42);
            ImageException e = assertThrows(ImageException.class, () -> RamImage.save(m, img, "seed-v6", Map.of()));
            assertTrue(e.getMessage().startsWith("cannot save RAM image " + img), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(RamImage.sidecarOf(img)));
            Files.deleteIfExists(blocker);
        }
        try (Machine m = RamImage.load(img).machine()) {
            assertEquals(0, m.mem().read64(0));
        }
    }

    @Test
    void badImagesGiveOnePreciseError() throws Exception {
        Path img = dir.resolve("bad.img");
        savedSmall(img, 4).close();
        Path sc = RamImage.sidecarOf(img);
        String good = Files.readString(sc);

        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(32L << 20);
        }
        assertEquals("RAM image " + img + " is 0x2000000 bytes but its sidecar says 0x4000000 (truncated)",
                assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage());
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        // Truncation zeroed the pages above 32 MiB: the contents no longer match, and the message
        // gives the digest of what the file now holds (not the SHA-256 of nothing).
        String mismatch = assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage();
        assertTrue(mismatch.startsWith("RAM image " + img + " does not match its sidecar"), mismatch);
        assertFalse(mismatch.contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), mismatch);

        Files.writeString(sc, "{ not json");
        assertTrue(assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage()
                .startsWith("RAM image sidecar " + sc + " is not valid JSON"));
        Files.writeString(sc, good.replace("\"ramBytes\": \"0x4000000\"", "\"ramBytes\": \"0x4000001\""));
        assertEquals("RAM image sidecar " + sc + " has ramBytes 0x4000001, not a multiple of 4 KiB between 64 MiB and 64 GiB",
                assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage());
        Files.writeString(sc, good.replaceFirst("\"rip\": \"0x[0-9a-f]+\",", ""));
        assertEquals("RAM image sidecar " + sc + " lacks registers.rip",
                assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage());
        Files.writeString(sc, good.replace("\"format\": \"khoemu-ram-image\"", "\"format\": \"qcow2\""));
        assertEquals("RAM image sidecar " + sc + " has format \"qcow2\", expected \"khoemu-ram-image\"",
                assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage());
        // the usable RAM entry of QEMU's map for 64 MiB, [0x100000, 0x3fe0000), grown past RAM
        Files.writeString(sc, good.replace("\"size\": \"0x3ee0000\"", "\"size\": \"0x7ee0000\""));
        assertTrue(assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage()
                .contains("lies outside RAM"));
        Files.delete(sc);
        assertEquals("RAM image sidecar " + sc + " does not exist",
                assertThrows(ImageException.class, () -> RamImage.load(img)).getMessage());
        Path missing = dir.resolve("missing.img");
        assertEquals("RAM image " + missing + " does not exist or is not a regular file",
                assertThrows(ImageException.class, () -> RamImage.load(missing)).getMessage());
    }
}
