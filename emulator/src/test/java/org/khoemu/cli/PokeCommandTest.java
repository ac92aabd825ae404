// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.ImageEdit;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.scenario.DevLiveupdate;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.luo.Luo;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.cli.MainOptionsTest.run;

/**
 * {@code khoemu poke}: a field changed by name lands where the ABI reference puts it, the
 * sidecar records it, and {@code resume} prints kernel B's own reaction to it. Offsets in the
 * assertions are abi-reference.md's seed-v6 numbers (checked there against gcc), not the table's.
 */
class PokeCommandTest {
    /** abi-reference.md, seed-v6: luo_session_header_ser.count at 8. */
    private static final int SEED_HEADER_COUNT = 8;

    @TempDir
    Path dir;
    Path good;

    @BeforeEach
    void handover() {
        MainOptionsTest.Result r = run("run", "--abi", "seed-v6", "--sessions", "2", "--files-per-session", "2",
                "--memfd-size", "8K", "--ram", "128M", "--out", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        good = dir.resolve("handover.img");
    }

    private static long sessionBlock(Path image) {
        RamImage.Loaded l = RamImage.load(image);
        try (Machine m = l.machine()) {
            return HandoverInspection.decode(m.mem(), l.sidecar().registers().get(X86Reg.RSI),
                    LuoAbiProfiles.byName(l.sidecar().abiProfile())).sessionBlockPa();
        }
    }

    /** Kernel B booted straight on {@code image}'s RAM: its log lines (the oracle resume must agree with). */
    private static List<String> kernelBLog(Path image) {
        RamImage.Loaded l = RamImage.load(image);
        try (Machine m = l.machine()) {
            KernelLog log = new KernelLog("B");
            Luo luo = new Luo(LuoAbiProfiles.byName("seed-v6"));
            Kernel b = Kernel.bootFromHandover(m.mem(), l.sidecar().registers().get(X86Reg.RSI), log, StepObserver.NONE,
                    List.of(luo));
            try {
                // the incoming sessions are read at the first open of /dev/liveupdate
                DevLiveupdate.open(new UserProcess(b, luo), log);
            } catch (KernelException e) {
                // the refusal is in the log
            }
            return log.lines();
        }
    }

    @Test
    void count820IsWrittenRecordedAndKernelBRefusesIt() {
        Path out = dir.resolve("c820.img");
        MainOptionsTest.Result p = run("poke", good.toString(), "luo_session_header_ser.count=820", "-o", out.toString());
        assertEquals(0, p.code(), p.out() + p.err());
        long block = sessionBlock(good);
        String row = String.format("%08x: ", block);
        assertTrue(p.out().contains("before:\n" + row + "1000 0000 0000 0000 0200 0000 0000 0000"), p.out());
        assertTrue(p.out().contains("after:\n" + row + "1000 0000 0000 0000 3403 0000 0000 0000"), p.out());
        RamImage.Loaded l = RamImage.load(out);
        try (Machine m = l.machine()) {
            assertEquals(820, m.mem().read64(block + SEED_HEADER_COUNT));
            assertEquals(List.of(new ImageEdit("luo_session_header_ser.count", block + SEED_HEADER_COUNT,
                    "0200000000000000", "3403000000000000")), l.sidecar().edits());
        }
        MainOptionsTest.Result inspect = run("inspect", out.toString());
        assertEquals(1, inspect.code());
        assertTrue(inspect.err().endsWith(": 820, expected 0..819 (modified by poke: luo_session_header_ser.count)\n"),
                inspect.err());
        MainOptionsTest.Result again = run("poke", out.toString(), "luo_session_header_ser.count=2", "-o", out + ".2");
        assertEquals(1, again.code());
        assertEquals("khoemu: poke: " + out + ": luo_session_header_ser.count at 0x" + Long.toHexString(block + SEED_HEADER_COUNT)
                + ": 820, expected 0..819 (fields are found by decoding the handover; --bytes PA=HEX and --flip PA:BIT "
                + "need no decoding)\n", again.err());
        String reason = kernelBLog(out).stream().filter(s -> s.contains("820")).findFirst().orElseThrow();
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("modified by poke: luo_session_header_ser.count at 0x"), r.out());
        assertTrue(r.err().startsWith("khoemu: resume: kernel B logged: " + reason.replaceFirst("^.*?luo:", "luo:")), r.err());
        // the default build is the hardened one; its reaction is the outcome class, and the exit says it
        assertTrue(r.out().endsWith("outcome (kernel B hardened): REJECTED: kernel B logged: "
                + reason.replaceFirst("^.*?luo:", "luo:") + "\n"), r.out());
        // the seed's build trusts the count: two sessions, then zeroed entries, the second empty name a duplicate
        MainOptionsTest.Result f = run("resume", "--mode", "faithful", out.toString());
        assertEquals(1, f.code(), f.out() + f.err());
        assertTrue(f.out().endsWith("outcome (kernel B faithful): REJECTED: kernel B logged: luo: Failed to insert session [] "
                + "-EEXIST\n"), f.out());
        assertEquals(0, run("resume", "--mode", "faithful", good.toString()).code(), "the clean image resumes faithfully");
    }

    @Test
    void aPokedTokenIsWhatKernelBHandsBack() {
        Path out = dir.resolve("t.img");
        assertEquals(0, run("poke", good.toString(), "luo_file_ser[0][1].token=0", "-o", out.toString()).code());
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  file token 0x0, size 8192"), r.out());
        assertTrue(r.out().contains("session 'session-0' token 0x0: restored but never preserved"), r.out());
        MainOptionsTest.Result i = run("inspect", out.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("note: modified by poke: luo_file_ser[0][1].token at 0x"), i.out());
        // the same image resumes cleanly when the token is put back
        MainOptionsTest.Result back = run("poke", out.toString(), "luo_file_ser[0][1].token=0x10000000001", "--in-place");
        assertEquals(0, back.code(), back.err());
        MainOptionsTest.Result ok = run("resume", out.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("identical to what kernel A preserved"), ok.out());
        assertEquals(2, ok.out().lines().filter(s -> s.startsWith("modified by poke: luo_file_ser[0][1].token")).count());
    }

    @Test
    void aNameIsNulPaddedAndTooLongIsRefused() {
        Path out = dir.resolve("n.img");
        assertEquals(0, run("poke", good.toString(), "luo_session_ser[1].name=\"x\"", "-o", out.toString()).code());
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("session \"x\": 2 file(s)"), r.out());
        MainOptionsTest.Result longName = run("poke", good.toString(), "luo_session_ser[1].name=" + "a".repeat(57), "-o",
                out.toString());
        assertEquals(2, longName.code());
        assertEquals("khoemu: poke: luo_session_ser[1].name: \"" + "a".repeat(57) + "\" is 57 bytes, the field holds 56\n",
                longName.err());
    }

    @Test
    void aChangeBehindTheSidecarsBackIsRefusedUnlessAccepted() throws Exception {
        long block = sessionBlock(good);
        try (RandomAccessFile f = new RandomAccessFile(good.toFile(), "rw")) {
            f.seek(block + SEED_HEADER_COUNT);
            f.write(1);
        }
        MainOptionsTest.Result r = run("resume", good.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not match its sidecar") && r.err().endsWith(
                "make deliberate changes with 'khoemu poke', or pass --accept-modified\n"), r.err());
        assertEquals(1, run("inspect", good.toString()).code());
        MainOptionsTest.Result i = run("inspect", "--accept-modified", good.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("note: modified outside poke, accepted by --accept-modified"), i.out());
        assertTrue(i.out().contains("count") && i.out().contains("1"), i.out());
        MainOptionsTest.Result res = run("resume", "--accept-modified", good.toString());
        assertEquals(1, res.code(), res.out() + res.err());
        assertTrue(res.out().contains("session 'session-1' was preserved but not restored"), res.out());
    }

    @Test
    void flipAndBytesChangeExactlyTheBytesAsked() {
        long block = sessionBlock(good);
        Path out = dir.resolve("f.img");
        MainOptionsTest.Result p = run("poke", good.toString(), "--flip", String.format("0x%x:1", block + SEED_HEADER_COUNT),
                "--bytes", String.format("0x%x=ff00ee", block + 0x100), "-o", out.toString());
        assertEquals(0, p.code(), p.err());
        var l = RamImage.load(out);
        var g = RamImage.load(good);
        try (Machine m = l.machine(); Machine gm = g.machine()) {
            assertEquals(0, m.mem().read64(block + SEED_HEADER_COUNT)); // 2 with bit 1 flipped
            assertEquals(0xee00ffL, m.mem().read32(block + 0x100) & 0xffffffL);
            byte[] a = new byte[8192];
            byte[] b = new byte[8192];
            m.mem().read(block, a, 0, a.length);
            gm.mem().read(block, b, 0, b.length);
            int differ = 0;
            for (int i = 0; i < a.length; i++) {
                differ += a[i] != b[i] ? 1 : 0;
            }
            assertEquals(3, differ); // count's byte, 0xff and 0xee; 0x00 was already zero
            assertEquals(2, l.sidecar().edits().size());
        }
    }

    @Test
    void badSpecsAreOneLineAndExitTwo() {
        String o = dir.resolve("x.img").toString();
        String[][] cases = {
                {"luo_session_header.count=1", "khoemu: poke: no struct luo_session_header to poke in ABI seed-v6: give one of "
                        + "luo_session_header_ser, "},
                {"luo_session_header_ser.cnt=1", "khoemu: poke: luo_session_header_ser.cnt: struct luo_session_header_ser has "
                        + "no field cnt (it has pgcnt, count)"},
                {"luo_session_header_ser.count=0x1ffffffffffffffff", "khoemu: poke: luo_session_header_ser.count: "
                        + "36893488147419103231 does not fit in 8 byte(s)"},
                {"luo_session_header_ser.count=twelve", "khoemu: poke: luo_session_header_ser.count: 'twelve' is not a number"},
                {"luo_session_ser[819].count=1", "khoemu: poke: luo_session_ser[819].count: session entry 819 does not exist"},
                {"luo_file_ser[2][0].token=1", "khoemu: poke: luo_file_ser[2][0].token: session 2 does not exist"},
                {"khoser_mem_chunk[0].bitmaps.bitmap=0", "khoemu: poke: khoser_mem_chunk[0].bitmaps.bitmap: bitmaps is "},
                {"count", "khoemu: poke: 'count' is not FIELD=VALUE"},
        };
        for (String[] c : cases) {
            MainOptionsTest.Result r = run("poke", good.toString(), c[0], "-o", o);
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().startsWith(c[1]) && r.err().indexOf('\n') == r.err().length() - 1, c[0] + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertEquals(2, run("poke", good.toString(), "--flip", "0x1000:8", "-o", o).code());
        assertEquals(2, run("poke", good.toString(), "--bytes", "0x1000=abc", "-o", o).code());
        assertEquals(2, run("poke", good.toString(), "--bytes", "0x8000000=00", "-o", o).code());
        assertEquals(2, run("poke", good.toString(), "luo_session_header_ser.count=1").code());
        MainOptionsTest.Result missing = run("poke", dir.resolve("none.img").toString(), "a.b=1", "-o", o);
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count());
    }

    @Test
    void chunkFieldsAreFoundThroughTheMemoryMap() {
        Path out = dir.resolve("k.img");
        long chunk;
        RamImage.Loaded g = RamImage.load(good);
        try (Machine m = g.machine()) {
            chunk = HandoverInspection.decode(m.mem(), g.sidecar().registers().get(X86Reg.RSI)).memMap().chunks().get(0).pa();
        }
        MainOptionsTest.Result p = run("poke", good.toString(), "khoser_mem_chunk[0].bitmaps[0].phys_start=0x1000", "-o",
                out.toString());
        assertEquals(0, p.code(), p.err());
        var l = RamImage.load(out);
        try (Machine m = l.machine()) {
            assertEquals(chunk + 16, l.sidecar().edits().get(0).pa()); // abi-reference: bitmaps[] after the 16-byte header
            assertEquals(0x1000, m.mem().read64(chunk + 16));
        }
    }

    @Test
    void aFourByteSessionHeaderPropertyIsKernelBsPanic() {
        Path out = dir.resolve("fdt4.img");
        MainOptionsTest.Result p = run("poke", good.toString(), "fdt:/LUO/luo-session:luo-session-header=0xdeadbeef",
                "-o", out.toString());
        assertEquals(0, p.code(), p.out() + p.err());
        RamImage.Loaded l = RamImage.load(out);
        String panic;
        try (Machine m = l.machine()) {
            long bp = l.sidecar().registers().get(X86Reg.RSI);
            long luoPa = l.sidecar().edits().get(0).pa();
            // read back with libfdt itself, not with the code that wrote it
            org.khoemu.fdt.Fdt fdt = org.khoemu.fdt.Fdt.fromBytes(m.mem().read(luoPa, 4096));
            assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef},
                    fdt.getprop(fdt.pathOffset("/luo-session"), "luo-session-header"));
            panic = assertThrows(KernelPanic.class, () -> Kernel.bootFromHandover(m.mem(), bp, new KernelLog("B"),
                    StepObserver.NONE, List.of(new Luo(LuoAbiProfiles.byName("seed-v6"))))).getMessage();
        }
        assertEquals("deadbeef", l.sidecar().edits().get(0).newHex());
        assertEquals(16, l.sidecar().edits().get(0).oldHex().length()); // the u64 it replaced
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("khoemu: kernel B panic: ") && r.err().contains(panic), panic + "\n" + r.err());
        MainOptionsTest.Result big = run("poke", good.toString(), "fdt:/LUO:x=0x" + "00".repeat(4096), "-o", out.toString());
        assertEquals(2, big.code());
        assertTrue(big.err().startsWith("khoemu: poke: fdt:/LUO:x: libfdt: ") && big.err().contains("NOSPACE"), big.err());
        assertEquals(2, run("poke", good.toString(), "fdt:/nope:x=0x00", "-o", out.toString()).code());
        assertEquals(2, run("poke", good.toString(), "fdt:/LUO:x=0xabc", "-o", out.toString()).code());
    }

    @Test
    void khoDataIsFoundThroughTheSetupDataChain() {
        Path out = dir.resolve("kd.img");
        MainOptionsTest.Result p = run("poke", good.toString(), "kho_data.fdt_size=8", "-o", out.toString());
        assertEquals(0, p.code(), p.err());
        long kd;
        RamImage.Loaded g = RamImage.load(good);
        try (Machine m = g.machine()) {
            // the SETUP_KEXEC_KHO payload: boot_params.hdr.setup_data (0x250, abi-reference) leads to it
            long sd = m.mem().read64(g.sidecar().registers().get(X86Reg.RSI) + 0x250);
            while (m.mem().read32(sd + 8) != 10) { // setup_data.type, SETUP_KEXEC_KHO
                sd = m.mem().read64(sd);
            }
            kd = sd + 16; // after the 16-byte setup_data header
        }
        RamImage.Loaded l = RamImage.load(out);
        try (Machine m = l.machine()) {
            assertEquals(kd + 8, l.sidecar().edits().get(0).pa()); // abi-reference: kho_data.fdt_size at 8
            assertEquals(8, m.mem().read64(kd + 8));
        }
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("khoemu: resume: kernel B did not accept the handover: KHO: disabling KHO revival"),
                r.err());
    }

    @Test
    void v619NamesItsOwnFields(@TempDir Path d19) {
        MainOptionsTest.Result run = run("run", "--abi", "v6.19", "--sessions", "2", "--files-per-session", "2",
                "--memfd-size", "8K", "--ram", "128M", "--out", d19.toString());
        assertEquals(0, run.code(), run.err());
        Path img = d19.resolve("handover.img");
        long block = sessionBlock(img);
        Path out = d19.resolve("x.img");
        MainOptionsTest.Result p = run("poke", img.toString(), "luo_session_ser[0].file_set_ser.count=0", "-o", out.toString());
        assertEquals(0, p.code(), p.err());
        // abi-reference, v6.19: an 8-byte header, then entries of name[64] and file_set_ser {files, count}
        assertEquals(block + 8 + 64 + 8, RamImage.load(out).sidecar().edits().get(0).pa());
        assertEquals(2, run("poke", img.toString(), "luo_session_ser[0].count=0", "-o", out.toString()).code());
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("session \"session-0\": 0 file(s)"), r.out());
        assertTrue(r.out().contains("session 'session-0' token 0x10000000001: preserved but not restored"), r.out());
    }

    /**
     * Issue 12's named case: the preserved-memory map's bit under a memfd folio cleared. Kernel B
     * must not hand the file back as if nothing happened: a warning, an errno or a missing file,
     * never only different content. Bitmap positions follow abi-reference (chunk: 16-byte header,
     * then {phys_start, bitmap} pairs; bit i of a bitmap is block phys_start + (i << (12 + order))).
     */
    @Test
    void aClearedBitmapBitUnderAMemfdFolioIsNotSilent() {
        long bitPa = -1;
        int bit = -1;
        RamImage.Loaded g = RamImage.load(good);
        try (Machine m = g.machine()) {
            HandoverInspection h = HandoverInspection.decode(m.mem(), g.sidecar().registers().get(X86Reg.RSI),
                    LuoAbiProfiles.byName("seed-v6"));
            long folio = h.sessions().sessions().get(0).files().get(0).memfd().folios().get(0).pfn() << 12;
            int order = h.memMap().blocks().get(folio);
            for (var c : h.memMap().chunks()) {
                for (int e = 0; c.order() == order && e < c.numElms(); e++) {
                    long start = m.mem().read64(c.pa() + 16 + 16L * e);
                    long bitmap = m.mem().read64(c.pa() + 24 + 16L * e);
                    long idx = (folio - start) >> (12 + order);
                    if (folio >= start && idx < 32768) {
                        bitPa = bitmap + idx / 8;
                        bit = (int) (idx % 8);
                    }
                }
            }
            assertTrue(bitPa > 0 && (m.mem().read8(bitPa) >> bit & 1) == 1, "the folio's bit is set in the clean map");
        }
        Path out = dir.resolve("bm.img");
        assertEquals(0, run("poke", good.toString(), "--flip", String.format("0x%x:%d", bitPa, bit), "-o", out.toString()).code());
        MainOptionsTest.Result r = run("resume", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        String all = r.out() + r.err();
        boolean loud = all.contains("kernel B logged") || all.contains("RETRIEVE_") || all.contains("preserved but not restored")
                || all.contains("kernel B panic") || all.contains("did not accept");
        assertTrue(loud, all);
        for (String mode : new String[] {"hardened", "faithful"}) {
            MainOptionsTest.Result m = run("resume", "--mode", mode, out.toString());
            assertEquals(1, m.code(), m.out() + m.err());
            String outcome = m.out().substring(m.out().lastIndexOf("outcome (kernel B " + mode + "): "));
            assertTrue(outcome.matches("(?s)outcome \\(kernel B " + mode + "\\): (REJECTED|DETECTED|LEAK): .*")
                    || m.out().contains("khoemu guard: "), m.out());
        }
    }
}
