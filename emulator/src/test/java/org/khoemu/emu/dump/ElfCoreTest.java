// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.X86Reg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ELF reader against a core that QEMU 7.2's own {@code dump-guest-memory} wrote
 * ({@code conformance/make-elf-fixture.sh}): a PC with {@code -m 2} whose BIOS is our real-mode
 * code. The facts checked come from outside the reader: the RAM size given to QEMU, the pattern
 * the loader device put at 0x10000, the store the guest code made at 0x500, the BIOS bytes the
 * script wrote, and the registers QEMU's {@code info registers} printed.
 */
class ElfCoreTest {
    static final String FIXTURE = "qemu-2m";
    static final long RAM = 2L << 20;
    @TempDir
    static Path dir;
    static Path elf;
    static byte[] bytes;

    @BeforeAll
    static void unpack() throws IOException {
        try (InputStream in = new GZIPInputStream(ElfCoreTest.class.getResourceAsStream(FIXTURE + ".elf.gz"))) {
            bytes = in.readAllBytes();
        }
        elf = dir.resolve(FIXTURE + ".elf");
        Files.write(elf, bytes);
    }

    static ElfCore open(Path p, long ram) throws IOException {
        return ElfCore.open(p, Files.size(p), ram);
    }

    @Test
    void loadSegmentsCoverTheGuestRamAndTheBiosRom() throws IOException {
        ElfCore c = open(elf, 0x1_0000_0000L);
        List<ElfCore.Segment> s = c.segments();
        long next = 0;
        int i = 0;
        for (; i < s.size() && s.get(i).paddr() < RAM; i++) {
            assertEquals(next, s.get(i).paddr(), "RAM segments are contiguous from 0");
            assertEquals(s.get(i).memsz(), s.get(i).filesz());
            next = s.get(i).end();
        }
        assertEquals(RAM, next, "the PT_LOADs below the ROM cover exactly -m 2");
        assertEquals(1, s.size() - i, "one segment above RAM: the BIOS");
        assertEquals(0x1_0000_0000L - 0x10000, s.get(i).paddr());
        assertEquals(0x10000, s.get(i).memsz());
        assertEquals(ElfCore.EM_386, c.machine(), "QEMU names the CPU mode (real mode: EM_386)");
        ElfCore guessed = open(elf, 0);
        assertEquals(RAM, guessed.ramBytes(), "without --ram, RAM is the gapless run from 0: -m 2");
        assertEquals(List.of("PT_LOAD [0xffff0000, +0x10000) lies above RAM of 0x200000 bytes (firmware ROM or RAM past "
                + "the PCI hole): not loaded"), guessed.notes());
    }

    @Test
    void memoryHoldsWhatTheLoaderAndTheGuestWrote() throws IOException {
        ElfCore c = open(elf, 0x1_0000_0000L);
        byte[] page = c.read(0x10000, 4096);
        for (int i = 0; i < 4096; i++) {
            assertEquals((byte) (i * 7 + 3), page[i], "pattern byte " + i);
        }
        assertEquals(0x12345678, ByteBuffer.wrap(c.read(0x500, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt(),
                "the guest's mov [0x500], eax");
        assertArrayEquals(new byte[] {(byte) 0xe9, 0x0d, (byte) 0xff}, c.read(0xfffffff0L, 3), "the reset vector");
        assertArrayEquals(new byte[] {(byte) 0xfa, 0x66, (byte) 0xb8, 0x78, 0x56, 0x34, 0x12}, c.read(0xffffff00L, 7));
    }

    @Test
    void registersAreThoseQemuPrinted() throws IOException {
        Map<String, Long> monitor = infoRegisters();
        Map<X86Reg, Long> r = open(elf, 0).registers();
        assertEquals(1, open(elf, 0).cpus().size());
        String[][] pairs = {{"EAX", "RAX"}, {"EBX", "RBX"}, {"ECX", "RCX"}, {"EDX", "RDX"}, {"ESI", "RSI"},
            {"EDI", "RDI"}, {"EBP", "RBP"}, {"ESP", "RSP"}, {"EIP", "RIP"}, {"EFL", "RFLAGS"}};
        for (String[] p : pairs) {
            assertEquals(monitor.get(p[0]), r.get(X86Reg.valueOf(p[1])), p[0]);
        }
        assertEquals(0x00c0ffeeL, r.get(X86Reg.RSI), "the value the guest code loaded");
        assertEquals(0xff30L, r.get(X86Reg.RIP), "one past the hlt at 0xff2f");
    }

    /** {@code NAME=hex} pairs of the general registers from the monitor's output. */
    static Map<String, Long> infoRegisters() throws IOException {
        String text;
        try (InputStream in = ElfCoreTest.class.getResourceAsStream(FIXTURE + ".registers.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<String, Long> m = new HashMap<>();
        Matcher x = Pattern.compile("\\b(E[A-Z]{2})=([0-9a-f]{8})\\b").matcher(text);
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2), 16));
        }
        assertTrue(m.size() >= 10, text);
        return m;
    }

    @Test
    void ramGivenLeavesTheRomOut() throws IOException {
        ElfCore c = open(elf, RAM);
        assertEquals(RAM, c.ramBytes());
        assertEquals(RAM, c.segments().get(c.segments().size() - 1).end());
        assertEquals(1, c.notes().size(), "the ROM is left out");
        assertEquals("" + elf + ": ELF PT_LOAD [0x100000, +0x100000) runs past RAM of 0x180000 bytes",
                assertThrows(DumpException.class, () -> open(elf, 0x180000)).getMessage());
    }

    static Path variant(String name, java.util.function.Consumer<ByteBuffer> change) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(b);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void damagedHeadersAreOneSentence() throws IOException {
        Path cut = dir.resolve("cut.elf");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 0x1000));
        assertEquals(cut + ": ELF program header 1: bytes [0x4b8, +0xc0000) lie outside the file of 0x1000 bytes",
                assertThrows(DumpException.class, () -> open(cut, 0)).getMessage());
        Path exec = variant("exec.elf", b -> b.putShort(16, (short) 2));
        assertEquals(exec + ": ELF e_type 2 is not ET_CORE (4): not a memory dump",
                assertThrows(DumpException.class, () -> open(exec, 0)).getMessage());
        Path phoff = variant("phoff.elf", b -> b.putLong(32, Long.MAX_VALUE - 3));
        assertTrue(assertThrows(DumpException.class, () -> open(phoff, 0)).getMessage()
                .startsWith(phoff + ": ELF 7 program headers at 0x7ffffffffffffffc do not fit"));
        // the second PT_LOAD (program header 2) moved onto the first
        Path overlap = variant("overlap.elf", b -> b.putLong(0xc0 + 2 * 56 + 24, 0x1000));
        assertEquals(overlap + ": ELF PT_LOAD at 0x1000 overlaps the one at 0x0",
                assertThrows(DumpException.class, () -> open(overlap, 0)).getMessage());
        // p_paddr + p_memsz past 2^63
        Path wrap = variant("wrap.elf", b -> b.putLong(0xc0 + 56 + 24, Long.MAX_VALUE - 0x1000));
        assertTrue(assertThrows(DumpException.class, () -> open(wrap, 0)).getMessage()
                .endsWith("is not a physical range"));
        // the note's descsz grown past its segment
        Path note = variant("note.elf", b -> b.putInt(0x248 + 4, 0x7fffffff));
        assertTrue(assertThrows(DumpException.class, () -> open(note, 0)).getMessage()
                .contains("runs past the segment of 624 bytes"));
    }
}
