// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.emu.X86Reg;
import org.khoemu.kernel.port.PhysMem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An ELF core file as QEMU's {@code dump-guest-memory} writes it: one {@code PT_LOAD} per guest
 * RAM block (physical address in {@code p_paddr}), a {@code PT_NOTE} with one {@code CORE}
 * {@code NT_PRSTATUS} note per CPU (plus QEMU's own notes, which are skipped). QEMU writes
 * ELFCLASS64 or ELFCLASS32 and {@code EM_X86_64} or {@code EM_386} depending on the CPU mode at
 * the time of the dump. Every header field is checked against the file before it is used.
 */
public final class ElfCore implements RamDump {
    static final int ET_CORE = 4;
    static final int EM_386 = 3;
    static final int EM_X86_64 = 62;
    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;
    static final int NT_PRSTATUS = 1;
    /** {@code e_phnum} of this value says the real count is in section 0's {@code sh_info}. */
    static final int PN_XNUM = 0xffff;
    /** More program headers than this is no guest's RAM map (QEMU writes one per RAM block). */
    static final long MAX_PHDRS = 1 << 16;
    /** A note segment larger than this is not QEMU's (it holds a few hundred bytes per CPU). */
    static final long MAX_NOTES = 16 << 20;

    /** One {@code PT_LOAD}: guest physical range and where its bytes are in the file. */
    public record Segment(long paddr, long offset, long filesz, long memsz) {
        public long end() {
            return paddr + memsz;
        }
    }

    private final Path path;
    private final int elfClass;
    private final int machine;
    private final List<Segment> segments;
    private final List<Map<X86Reg, Long>> cpus;
    private final long ramBytes;
    private final List<String> notes;

    private ElfCore(Path path, int elfClass, int machine, List<Segment> segments, List<Map<X86Reg, Long>> cpus,
                    long ramBytes, List<String> notes) {
        this.path = path;
        this.elfClass = elfClass;
        this.machine = machine;
        this.segments = segments;
        this.cpus = cpus;
        this.ramBytes = ramBytes;
        this.notes = notes;
    }

    static boolean looksLike(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /**
     * Reads the headers and notes. {@code ramBytes} 0: RAM is the gapless run of segments from
     * address 0. Segments wholly above RAM (firmware ROM that QEMU dumps with RAM) are left out,
     * each with a note.
     */
    public static ElfCore open(Path path, long fileSize, long ramBytes) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return parse(path, ch, fileSize, ramBytes);
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        }
    }

    private static ElfCore parse(Path path, FileChannel ch, long size, long ramBytes) throws IOException {
        String p = path + ": ELF ";
        ByteBuffer eh = read(ch, 0, 64, size, path, "header");
        int cls = eh.get(4);
        if (cls != 1 && cls != 2) {
            throw new DumpException(p + "class " + cls + " is neither ELFCLASS32 nor ELFCLASS64");
        }
        if (eh.get(5) != 1) {
            throw new DumpException(p + "data encoding " + eh.get(5) + " is not little-endian (x86)");
        }
        boolean e64 = cls == 2;
        int type = eh.getShort(16) & 0xffff;
        int mach = eh.getShort(18) & 0xffff;
        if (type != ET_CORE) {
            throw new DumpException(p + "e_type " + type + " is not ET_CORE (4): not a memory dump");
        }
        if (mach != EM_X86_64 && mach != EM_386) {
            throw new DumpException(p + "e_machine " + mach + " is neither EM_X86_64 (62) nor EM_386 (3)");
        }
        long phoff = e64 ? eh.getLong(32) : Integer.toUnsignedLong(eh.getInt(28));
        long shoff = e64 ? eh.getLong(40) : Integer.toUnsignedLong(eh.getInt(32));
        int phentsize = eh.getShort(e64 ? 54 : 42) & 0xffff;
        long phnum = eh.getShort(e64 ? 56 : 44) & 0xffff;
        int want = e64 ? 56 : 32;
        if (phentsize != want) {
            throw new DumpException(p + "e_phentsize " + phentsize + ", expected " + want);
        }
        if (phnum == PN_XNUM) {
            // the real count is sh_info of section header 0
            ByteBuffer sh = read(ch, shoff, e64 ? 64 : 40, size, path, "section header 0 (e_phnum is PN_XNUM)");
            phnum = Integer.toUnsignedLong(sh.getInt(e64 ? 44 : 28));
        }
        if (phnum > MAX_PHDRS) {
            throw new DumpException(p + phnum + " program headers are more than the " + MAX_PHDRS + " read");
        }
        if (phnum == 0 || phoff < 0 || phnum > (size - Math.min(size, phoff)) / phentsize) {
            throw new DumpException(String.format("%s%d program headers at 0x%x do not fit in the file of 0x%x bytes",
                    p, phnum, phoff, size));
        }
        ByteBuffer ph = read(ch, phoff, (int) (phnum * phentsize), size, path, "program headers");
        List<Segment> loads = new ArrayList<>();
        List<Map<X86Reg, Long>> cpus = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int b = i * phentsize;
            int ptype = ph.getInt(b);
            long off = e64 ? ph.getLong(b + 8) : Integer.toUnsignedLong(ph.getInt(b + 4));
            long paddr = e64 ? ph.getLong(b + 24) : Integer.toUnsignedLong(ph.getInt(b + 12));
            long filesz = e64 ? ph.getLong(b + 32) : Integer.toUnsignedLong(ph.getInt(b + 16));
            long memsz = e64 ? ph.getLong(b + 40) : Integer.toUnsignedLong(ph.getInt(b + 20));
            String what = String.format("%sprogram header %d", p, i);
            if (ptype != PT_LOAD && ptype != PT_NOTE) {
                continue;
            }
            if (off < 0 || filesz < 0 || filesz > size || off > size - filesz) {
                throw new DumpException(String.format("%s: bytes [0x%x, +0x%x) lie outside the file of 0x%x bytes",
                        what, off, filesz, size));
            }
            if (ptype == PT_NOTE) {
                if (filesz > MAX_NOTES) {
                    throw new DumpException(what + ": a note segment of " + filesz + " bytes is too large");
                }
                cpus.addAll(ElfNotes.prstatus(read(ch, off, (int) filesz, size, path, "notes"), mach, what));
                continue;
            }
            if (paddr < 0 || memsz < 0 || filesz > memsz || paddr > Long.MAX_VALUE - memsz) {
                throw new DumpException(String.format("%s: PT_LOAD at 0x%x of 0x%x bytes (0x%x in the file) is not a "
                        + "physical range", what, paddr, memsz, filesz));
            }
            if (memsz > 0) {
                loads.add(new Segment(paddr, off, filesz, memsz));
            }
        }
        if (loads.isEmpty()) {
            throw new DumpException(p + "has no PT_LOAD segment: no guest memory");
        }
        loads.sort(Comparator.comparingLong(Segment::paddr));
        for (int i = 1; i < loads.size(); i++) {
            if (loads.get(i).paddr() < loads.get(i - 1).end()) {
                throw new DumpException(String.format("%sPT_LOAD at 0x%x overlaps the one at 0x%x", p,
                        loads.get(i).paddr(), loads.get(i - 1).paddr()));
            }
        }
        List<String> notes = new ArrayList<>();
        long ram = ramBytes;
        if (ram == 0) {
            // RAM is the run of segments that starts at 0 without a gap; what lies beyond the gap
            // is firmware ROM (the BIOS below 4 GiB) or RAM above the PCI hole, which khoemu's
            // contiguous RAM cannot hold
            ram = loads.get(0).paddr() == 0 ? loads.get(0).end() : loads.get(loads.size() - 1).end();
            for (int i = 1; i < loads.size() && loads.get(0).paddr() == 0 && loads.get(i).paddr() == ram; i++) {
                ram = loads.get(i).end();
            }
            ram = (ram + PageCopy.PAGE - 1) & ~(PageCopy.PAGE - 1L);
        }
        List<Segment> kept = new ArrayList<>();
        for (Segment s : loads) {
            if (s.paddr() >= ram) {
                notes.add(String.format("PT_LOAD [0x%x, +0x%x) lies above RAM of 0x%x bytes (firmware ROM or RAM past "
                        + "the PCI hole): not loaded", s.paddr(), s.memsz(), ram));
            } else if (s.end() > ram) {
                throw new DumpException(String.format("%sPT_LOAD [0x%x, +0x%x) runs past RAM of 0x%x bytes", p,
                        s.paddr(), s.memsz(), ram));
            } else {
                kept.add(s);
            }
        }
        loads = kept;
        return new ElfCore(path, cls, mach, List.copyOf(loads), List.copyOf(cpus), ram, List.copyOf(notes));
    }

    /** {@code len} bytes at file offset {@code off}, refused if they are not all in the file. */
    private static ByteBuffer read(FileChannel ch, long off, int len, long size, Path path, String what) throws IOException {
        if (off < 0 || len < 0 || len > size || off > size - len) {
            throw new DumpException(String.format("%s: ELF %s [0x%x, +0x%x) lie outside the file of 0x%x bytes",
                    path, what, off, len, size));
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, off + b.position()) < 0) {
                throw new DumpException(path + ": ELF " + what + ": file ends early");
            }
        }
        return b.flip();
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Registers of each CPU, in note order (CPU 0 first). */
    public List<Map<X86Reg, Long>> cpus() {
        return cpus;
    }

    /** 1 for ELFCLASS32, 2 for ELFCLASS64. */
    public int elfClass() {
        return elfClass;
    }

    public int machine() {
        return machine;
    }

    /** Bytes of guest memory at {@code pa}; outside every segment (or past a segment's file bytes) reads zero. */
    public byte[] read(long pa, int len) {
        byte[] out = new byte[len];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (Segment s : segments) {
                long from = Math.max(pa, s.paddr());
                long to = Math.min(pa + len, s.paddr() + s.filesz());
                if (from < to) {
                    ByteBuffer b = ByteBuffer.wrap(out, (int) (from - pa), (int) (to - from));
                    while (b.hasRemaining()) {
                        if (ch.read(b, s.offset() + (from - s.paddr()) + (b.position() - (from - pa))) < 0) {
                            throw new DumpException(path + ": ELF segment at 0x" + Long.toHexString(s.paddr()) + " ends early");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        }
        return out;
    }

    @Override
    public String format() {
        return "ELF core (dump-guest-memory)";
    }

    @Override
    public long ramBytes() {
        return ramBytes;
    }

    /** CPU 0's registers (the CPU that entered the next kernel). */
    @Override
    public Map<X86Reg, Long> registers() {
        return cpus.isEmpty() ? Map.of() : cpus.get(0);
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public long copyInto(PhysMem mem) {
        long pages = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (Segment s : segments) {
                pages += PageCopy.copy(ch, s.offset(), s.paddr(), s.filesz(), mem, path.toString());
            }
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        }
        return pages;
    }
}
