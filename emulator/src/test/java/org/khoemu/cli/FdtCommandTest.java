// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.fdt.DtsPrinter;
import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtDump;
import org.khoemu.fdt.FdtWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FdtCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static byte[] luoBlob() {
        return FdtWriter.create(4096).finishReservemap().beginNode("")
                .propertyString("compatible", "luo-v1")
                .propertyRawU64("liveupdate-number", 1)
                .beginNode("luo-session")
                .propertyString("compatible", "luo-session-v1")
                .propertyRawU64("luo-session-header", 0x123456000L)
                .endNode().endNode().finish().toBytes();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void dtsPrintsTheTreeLikeDtc() throws IOException {
        byte[] blob = luoBlob();
        Path f = file("luo.dtb", blob);
        assertEquals(0, run("fdt", "dts", f.toString()));
        assertEquals(DtsPrinter.print(Fdt.fromBytes(blob)), out.toString());
        assertTrue(out.toString().contains("\tliveupdate-number = <0x1000000 0x00>;\n"), out.toString());
        assertEquals("", err.toString());
    }

    /** The real dtc writes a version-16 blob of the LUO tree; khoemu prints what dtc decompiles from it. */
    @Test
    void dtsOfAVersion16BlobMatchesDtc() throws Exception {
        Path v17 = file("luo.dtb", luoBlob());
        Path v16 = dir.resolve("luo16.dtb");
        assertEquals(0, new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dtb", "-V", "16", "-o", v16.toString(),
                v17.toString()).inheritIO().start().waitFor());
        assertEquals(16, java.nio.ByteBuffer.wrap(Files.readAllBytes(v16)).getInt(20), "dtc wrote version 16");
        Process dtc = new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dts", v16.toString()).start();
        String expected = new String(dtc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, dtc.waitFor());
        assertEquals(0, run("fdt", "dts", v16.toString()), err.toString());
        assertEquals(expected, out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void dumpPrintsTheStructure() throws IOException {
        byte[] blob = luoBlob();
        Path f = file("luo.dtb", blob);
        assertEquals(0, run("fdt", "dump", f.toString()));
        assertEquals(FdtDump.dump(Fdt.fromBytes(blob)), out.toString());
        assertTrue(out.toString().contains("// 0004 totalsize:         0xec (236)\n"), out.toString());
    }

    @Test
    void badMagicIsOneLineAndExitOne() throws IOException {
        byte[] blob = luoBlob();
        blob[3] = 0x00;
        Path f = file("bad.dtb", blob);
        assertEquals(1, run("fdt", "dts", f.toString()));
        assertEquals("khoemu: " + f + ": header: FDT_ERR_BADMAGIC (magic 0xd00dfe00, expected 0xd00dfeed)"
                + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void structuralDamageNamesTheLibfdtError() throws IOException {
        byte[] blob = luoBlob();
        blob[0x5f] = 7; // second FDT_PROP tag becomes an unknown tag
        Path f = file("badtag.dtb", blob);
        assertEquals(1, run("fdt", "dump", f.toString()));
        assertEquals("khoemu: " + f + ": fdt_check_full: FDT_ERR_BADSTRUCTURE (the structure block is corrupt)"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void truncatedFileSaysHowShort() throws IOException {
        Path f = file("short.dtb", new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed});
        assertEquals(1, run("fdt", "dts", f.toString()));
        assertEquals("khoemu: " + f + ": header: FDT_ERR_TRUNCATED (only 4 bytes, the header needs 40)"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.dtb");
        assertEquals(1, run("fdt", "dts", missing.toString()));
        assertEquals("khoemu: " + missing + ": no such file" + System.lineSeparator(), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, run("fdt", "dump", dir.toString()));
        assertEquals("khoemu: " + dir + ": is a directory" + System.lineSeparator(), err.toString());
    }

    /** /dev/zero has size 0 and never ends: it used to fill the heap (OutOfMemoryError, trace). */
    @Test
    void deviceIsRefusedWithoutReadingIt() {
        assertEquals(1, run("fdt", "dts", "/dev/zero"));
        assertEquals("khoemu: /dev/zero: not a regular file (a device, FIFO or socket is not read)"
                + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }

    /** Opening a FIFO with no writer blocks forever; the file must be refused from its type alone. */
    @Test
    void fifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("pipe.dtb");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor(), "mkfifo");
        // a guard against the old hang, not a timing assertion
        int rc = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("fdt", "dump", fifo.toString()));
        assertEquals(1, rc);
        assertEquals("khoemu: " + fifo + ": not a regular file (a device, FIFO or socket is not read)"
                + System.lineSeparator(), err.toString());
    }

    /** A /proc file says size 0 but has content: it is read (and rejected as no FDT), not taken as empty. */
    @Test
    void sizeZeroRegularFileIsReadByContent() {
        Path status = Path.of("/proc/self/status");
        assertEquals(1, run("fdt", "dts", status.toString()));
        assertTrue(err.toString().startsWith("khoemu: /proc/self/status: header: FDT_ERR_BADMAGIC (magic 0x4e616d65,"),
                err.toString()); // "Name"
    }

    @Test
    void readingStopsOneBytePastTheLimitWhateverTheFileSizeSays() throws IOException {
        Path status = Path.of("/proc/self/status");
        assertEquals(0, Files.size(status), "procfs reports no size");
        FdtCommand.FdtFileException e = assertThrows(FdtCommand.FdtFileException.class,
                () -> FdtCommand.readAtMost(status, 64));
        assertEquals(status + ": file is larger than the 64-byte limit for a device tree blob", e.getMessage());
        byte[] exact = new byte[64];
        exact[5] = 42;
        assertArrayEquals(exact, FdtCommand.readAtMost(file("exact.bin", exact), 64));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("fdt", "dts"));
        assertTrue(err.toString().startsWith("khoemu: Missing required parameter: 'FILE'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("fdt"));
        assertTrue(err.toString().startsWith("khoemu: fdt: missing subcommand: dts or dump"), err.toString());
        assertTrue(err.toString().contains("Try 'khoemu fdt --help'"), err.toString());
    }

    @Test
    void helpWorks() {
        assertEquals(0, run("fdt", "--help"));
        assertTrue(out.toString().contains("dump"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("fdt", "dts", "--help"));
        assertTrue(out.toString().contains("dtc -I dtb -O dts"), out.toString());
    }
}
