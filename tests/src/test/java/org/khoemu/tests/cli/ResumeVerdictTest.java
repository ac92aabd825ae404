// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.cli.Main;
import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code resume} judges a handover against what kernel A preserved (the report.json beside the
 * image, or --expect): each case damages one thing of a good image and asserts the one
 * difference it must cause, and exit 1. The undamaged image resumes with exit 0.
 */
class ResumeVerdictTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void run() {
        CliOutputs.Proc p = exec("run", "--out", out.toString(), "--ram", "256M", "--sessions", "2",
                "--files-per-session", "2", "--memfd-size", "12K", "--seed", "3");
        assertEquals(0, p.code(), p.out() + p.err());
    }

    static CliOutputs.Proc exec(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int c = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new CliOutputs.Proc(c, o.toString(), e.toString());
    }

    /** A copy of the run's image beside its report.json, changed by {@code edit}. */
    static Path edited(String name, BiConsumer<Machine, HandoverInspection> edit) {
        return edited(name, Map.of("producer", "ResumeVerdictTest", "update", "1"), edit);
    }

    static Path edited(String name, Map<String, String> extra, BiConsumer<Machine, HandoverInspection> edit) {
        Path copy = out.resolve(name);
        RamImage.Loaded l = RamImage.load(out.resolve("handover.img"));
        try (Machine m = l.machine()) {
            edit.accept(m, HandoverInspection.decode(m.mem(), l.sidecar().registers().get(X86Reg.RSI)));
            RamImage.save(m, copy, l.sidecar().abiProfile(), extra);
        }
        return copy;
    }

    static LuoSessionBlock.File file00(HandoverInspection in) {
        return in.sessions().sessions().get(0).files().get(0);
    }

    @Test
    void theUndamagedImageIsIdenticalToTheReport() {
        CliOutputs.Proc p = exec("resume", out.resolve("handover.img").toString());
        assertEquals(0, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("identical to what kernel A preserved (" + out.resolve("report.json") + " (update 1))"),
                p.out());
    }

    @Test
    void oneChangedDataByteIsADifferenceNamingTheFile() {
        Path img = edited("data.img", (m, in) -> {
            long pa = file00(in).memfd().folios().get(0).pfn() << 12;
            m.mem().write8(pa + 100, (byte) (m.mem().read8(pa + 100) ^ 0x5a));
        });
        CliOutputs.Proc p = exec("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        String what = "session 'session-0' token 0x" + Long.toHexString(0x10000000000L) + ": sha256 ";
        assertTrue(p.err().startsWith("khoemu: resume: " + what), p.err());
        assertTrue(p.out().contains("1 difference(s) from what kernel A preserved"), p.out());
        assertEquals(1, p.err().lines().count(), p.err());
    }

    /**
     * One byte of a session entry's {@code files} field: the array now points elsewhere, kernel B
     * finds no handler for what it reads there and drops the files. Both are differences.
     */
    @Test
    void aChangedFilesFieldLosesFilesAndSaysSo() {
        Path img = edited("files.img", (m, in) -> {
            LuoSessionBlock.Session s = in.sessions().sessions().get(0);
            int off = offsetOf(m, s.pa(), s.filesPa());
            m.mem().write8(s.pa() + off + 2, (byte) (m.mem().read8(s.pa() + off + 2) ^ 0x01));
        });
        CliOutputs.Proc p = exec("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("kernel B logged: luo: No registered handler for compatible '"), p.out());
        assertTrue(p.out().contains("session 'session-0' token 0x10000000000: preserved but not restored"), p.out());
        assertTrue(p.out().contains("session 'session-0' token 0x10000000001: preserved but not restored"), p.out());
    }

    /** Where in the entry at {@code entry} the u64 {@code value} is (the field's offset). */
    static int offsetOf(Machine m, long entry, long value) {
        for (int o = 0; o < 128; o += 8) {
            if (m.mem().read64(entry + o) == value) {
                return o;
            }
        }
        throw new AssertionError("no field holds 0x" + Long.toHexString(value));
    }

    /** nr_folios = 2^60 passed the area check when nr x 16 overflowed; now kernel B refuses it. */
    @Test
    void anOverflowingFolioCountIsRefusedNotRestoredAsZeros() {
        Path img = edited("nrfolios.img", (m, in) ->
                m.mem().write64(file00(in).memfd().pa() + MemfdLuoSer.OFF_NR_FOLIOS, 1L << 60));
        CliOutputs.Proc p = exec("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("kernel B logged: memfd_luo: folio array of 1152921504606846976 entries does not fit"),
                p.out());
        assertTrue(p.out().contains("RETRIEVE_FD \"session-0\" token 0x10000000000: EINVAL"), p.out());
        assertFalse((p.out() + p.err()).contains("overflow"), p.out() + p.err());
    }

    /** A size of 2^31 made userspace's Math.toIntExact throw; now it is a size difference. */
    @Test
    void aHugeSizeIsADifferenceNotAnOverflow() {
        Path img = edited("size.img", (m, in) ->
                m.mem().write64(file00(in).memfd().pa() + MemfdLuoSer.OFF_SIZE, 1L << 31));
        CliOutputs.Proc p = exec("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("st_size 2147483648 exceeds RAM (268435456 bytes); not read"), p.out());
        assertTrue(p.out().contains("session 'session-0' token 0x10000000000: size 12288 preserved, 2147483648 restored"),
                p.out());
        assertFalse((p.out() + p.err()).contains("overflow"), p.out() + p.err());
    }

    /** A name with a newline: every output line stays one line, the byte shown as \x0a. */
    @Test
    void aNameWithANewlineIsEscapedInEveryLine() {
        Path img = edited("newline.img", (m, in) -> m.mem().write(in.sessions().sessions().get(1).pa(),
                "two\nlines\0".getBytes(StandardCharsets.US_ASCII)));
        CliOutputs.Proc p = exec("resume", "-v", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("session \"two\\x0alines\": 2 file(s)"), p.out());
        assertTrue(p.out().contains("session 'two\\x0alines' was restored but never preserved"), p.out());
        assertTrue(p.out().contains("session 'session-1' was preserved but not restored"), p.out());
        assertFalse(p.out().lines().anyMatch(l -> l.startsWith("lines")), p.out());
    }

    /**
     * A name holding 0xd8 (not UTF-8): kernel B compares names as bytes, so userspace must ask
     * with the same bytes; the expectation names it escaped, and inspect shows it so.
     */
    @Test
    void aNameThatIsNotUtf8IsRetrievedByItsBytes() throws Exception {
        Path img = edited("d8.img", (m, in) -> m.mem().write(in.sessions().sessions().get(1).pa(),
                new byte[] {'v', 'm', (byte) 0xd8, 0}));
        String report = Files.readString(out.resolve("report.json"));
        Path exp = Files.writeString(out.resolve("d8.json"), report.replace("\"name\": \"session-1\"",
                "\"name\": \"vm\\\\xd8\""));
        CliOutputs.Proc p = exec("resume", "--expect", exp.toString(), img.toString());
        assertEquals(0, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("session \"vm\\xd8\": 2 file(s)"), p.out());
        CliOutputs.Proc in = exec("inspect", img.toString());
        assertEquals(0, in.code(), in.err());
        assertTrue(in.out().contains("session[1] \"vm\\xd8\""), in.out());
        assertFalse(in.out().contains("\ufffd"), in.out());
    }

    /**
     * Scratch areas of one page each: kernel B cannot allocate its memmap while booting. That
     * failure is one line that says it is kernel B's (a panic here; an errno escaping boot is
     * "kernel B: boot failed: ..."), never a bare errno.
     */
    @Test
    void kernelBRunningOutOfMemoryAtBootIsAKernelBLine() {
        Path img = edited("tinyscratch.img", (m, in) -> {
            long arr = in.boot().khoData().scratchAddr();
            for (long i = 0; i < in.boot().khoData().scratchSize() / KhoScratch.SIZE; i++) {
                m.mem().write64(arr + KhoScratch.SIZE * i + KhoScratch.OFF_SIZE, 4096);
            }
        });
        CliOutputs.Proc p = exec("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertEquals("khoemu: kernel B panic: Failed to allocate 4194304 bytes for the memmap\n", p.err());
    }

    /** The report beside an image of another run is not taken as the expectation. */
    @Test
    void aReportOfAnotherRunIsRefused() {
        Path img = edited("other-run.img", Map.of("update", "1", "runId", "00000000000000aa"), (m, in) -> { });
        CliOutputs.Proc p = exec("resume", img.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.err().startsWith("khoemu: resume: " + out.resolve("report.json") + ": written by run "), p.err());
        assertTrue(p.err().endsWith(", but the image is of run 00000000000000aa; pass --expect with that run's report\n"),
                p.err());
    }

    @Test
    void expectNamesAnotherFileToCompareWith() throws Exception {
        String report = Files.readString(out.resolve("report.json"));
        Path exp = out.resolve("expect.json");
        // the first file's size as some other run preserved it
        Files.writeString(exp, report.replaceFirst("\"size\": 12288", "\"size\": 8192"));
        CliOutputs.Proc p = exec("resume", "--expect", exp.toString(), out.resolve("handover.img").toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertTrue(p.err().startsWith("khoemu: resume: session 'session-0' token 0x10000000000: size 8192 preserved, "
                + "12288 restored"), p.err());
    }

    @Test
    void aBadExpectationIsOneLineBeforeKernelBBoots() throws Exception {
        Path exp = Files.writeString(out.resolve("bad.json"), "{\"updates\": [{\"number\": 1, \"preserved\": [{\"name\": 5}]}]}");
        CliOutputs.Proc p = exec("resume", "--expect", exp.toString(), out.resolve("handover.img").toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertEquals("khoemu: resume: " + exp + ": updates[0].preserved[0].name is missing or not a string\n", p.err());
        assertEquals("", p.out());
        Path notJson = Files.writeString(out.resolve("notjson.json"), "{");
        p = exec("resume", "--expect", notJson.toString(), out.resolve("handover.img").toString());
        assertEquals("khoemu: resume: " + notJson + ": not valid JSON\n", p.err());
        p = exec("resume", "--expect", out.resolve("missing.json").toString(), out.resolve("handover.img").toString());
        assertEquals("khoemu: resume: " + out.resolve("missing.json") + ": cannot be read (no such file or directory)\n",
                p.err());
    }
}
