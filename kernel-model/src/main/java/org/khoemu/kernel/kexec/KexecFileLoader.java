// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.kho.KhoOut;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.mm.MemblockRegion;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.KexecHardware;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.port.PurgatoryParams;
import org.khoemu.kernel.port.ShaRegion;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.E820Table;
import org.khoemu.kernel.x86.HandoverParams;
import org.khoemu.kernel.x86.KernelSetupHeader;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kexec_file_load} for the x86 boot protocol: the KHO scratch array (kho_fill_kimage),
 * the kernel (entry stub), boot_params with command line and a {@code SETUP_KEXEC_KHO}
 * setup_data, and purgatory. With KHO every destination lies in a scratch area
 * ({@code kho_locate_mem_hole}: areas in array order, top-down inside each). Segment bytes go
 * to source pages from the buddy allocator and an entry list in RAM describes the copy.
 */
public final class KexecFileLoader {
    /** The scratch array segment is 64 KiB aligned (easier to map). */
    public static final long SCRATCH_ALIGN = 64 << 10;
    /** Nothing is loaded below 1 MiB (x86 real-mode area). */
    public static final long MIN_LOAD_ADDR = 1 << 20;
    /**
     * The boot_params segment as x86's bzImage loader lays it out: the page, the command line
     * right after it, room for an {@code elfcorehdr=0x<64-bit>} parameter a crash kernel would
     * get (30 bytes), then, 16-byte aligned, the setup_data entries. The capture of a real
     * 6.19.6 handover shows it: command line at boot_params + 0x1000, SETUP_KEXEC_KHO at + 0x1070
     * for a 68-character command line.
     */
    static final int PARAMS_CMDLINE_OFF = BootParams.SIZE;
    static final int MAX_ELFCOREHDR_STR_LEN = 30;

    /** Where setup_data starts in the params segment for a command line of {@code cmdLen} bytes (NUL included). */
    static int paramsSetupDataOff(int cmdLen) {
        return (PARAMS_CMDLINE_OFF + cmdLen + MAX_ELFCOREHDR_STR_LEN + 15) & ~15;
    }

    /** What the loader needs from the running kernel. */
    public record Env(PhysMem mem, BuddyAllocator pages, Memblock memblock, KhoOut kho, List<E820Entry> e820) {
    }

    private final Env env;
    private final Kimage image;

    private KexecFileLoader(Env env) {
        this.env = env;
        this.image = new Kimage(env.mem(), env.pages());
    }

    /** Loads the next kernel; any error frees what was taken and is thrown with its errno. */
    public static Kimage load(Env env, KexecHardware hw, String cmdline) {
        byte[] cmd = (cmdline == null ? "" : cmdline).getBytes(StandardCharsets.US_ASCII);
        if (cmd.length + 1 > HandoverParams.COMMAND_LINE_SIZE) {
            throw new KernelException(Errno.EINVAL, "command line of " + cmd.length + " bytes is too long");
        }
        KexecFileLoader l = new KexecFileLoader(env);
        try {
            l.build(hw, cmd);
        } catch (KernelException e) {
            l.image.free();
            throw e;
        }
        return l.image;
    }

    private boolean kho() {
        return env.kho() != null && env.kho().isEnabled();
    }

    private void build(KexecHardware hw, byte[] cmd) {
        KexecSegment scratch = null;
        if (kho()) {
            byte[] arr = env.mem().read(env.kho().scratch().arrayPa(), (int) env.kho().scratch().arraySize());
            scratch = add("kho_scratch", arr, SCRATCH_ALIGN);
        }
        KexecSegment kernel = add("kernel", hw.entryStubImage(), Folio.PAGE_SIZE);
        int paramsLen = paramsSetupDataOff(cmd.length + 1) + SetupData.SIZE + KhoData.SIZE;
        long paramsDest = place(pageRound(paramsLen), Folio.PAGE_SIZE);
        byte[] params = bootParams(paramsDest, cmd, scratch);
        KexecSegment bp = segment("boot_params", params, paramsDest);
        List<ShaRegion> regions = new ArrayList<>();
        for (KexecSegment s : image.segments) {
            regions.add(new ShaRegion(s.mem(), s.memsz()));
        }
        if (regions.size() > hw.purgatoryMaxRegions()) {
            throw new KernelException(Errno.EINVAL, regions.size() + " segments but purgatory takes "
                    + hw.purgatoryMaxRegions());
        }
        List<byte[]> regionDigests = new ArrayList<>();
        byte[] sha256 = digest(image.segments, regionDigests);
        image.purgatoryParams = new PurgatoryParams(kernel.mem(), bp.mem(), sha256, regions, regionDigests);
        KexecSegment purg = add("purgatory", hw.purgatoryImage(image.purgatoryParams), Folio.PAGE_SIZE);
        image.bootParams = bp.mem();
        image.startAddress = purg.mem();
        for (KexecSegment s : image.segments) {
            loadSegment(s);
        }
        image.controlPage = sourcePage("kimage_alloc_control_pages").pa();
        image.terminate();
    }

    private byte[] bootParams(long dest, byte[] cmd, KexecSegment scratch) {
        int sdOff = paramsSetupDataOff(cmd.length + 1);
        int len = scratch == null ? PARAMS_CMDLINE_OFF + cmd.length + 1 : sdOff + SetupData.SIZE + KhoData.SIZE;
        HeapPhysMem b = new HeapPhysMem(pageRound(len));
        b.write16(BootParams.OFF_BOOT_FLAG, BootParams.BOOT_FLAG);
        b.write32(BootParams.OFF_HEADER, BootParams.HDRS_MAGIC);
        b.write16(BootParams.OFF_VERSION, BootParams.BOOT_PROTOCOL_VERSION);
        KernelSetupHeader.KHOEMU.writeTo(b, 0);
        long cmdPa = dest + PARAMS_CMDLINE_OFF;
        b.write32(BootParams.OFF_CMD_LINE_PTR, (int) cmdPa);
        b.write32(BootParams.OFF_EXT_CMD_LINE_PTR, (int) (cmdPa >>> 32));
        b.write32(BootParams.OFF_CMDLINE_SIZE, HandoverParams.COMMAND_LINE_SIZE - 1);
        b.write(PARAMS_CMDLINE_OFF, cmd);
        E820Table.write(b, 0, env.e820());
        if (scratch != null) {
            b.write64(BootParams.OFF_SETUP_DATA, dest + sdOff);
            new SetupData(0, SetupData.SETUP_KEXEC_KHO, KhoData.SIZE).writeTo(b, sdOff);
            new KhoData(env.kho().rootFdtPa(), Folio.PAGE_SIZE, scratch.mem(), env.kho().scratch().arraySize())
                    .writeTo(b, sdOff + SetupData.SIZE);
        }
        return b.read(0, len);
    }

    private static long pageRound(long n) {
        return (n + Folio.PAGE_SIZE - 1) & ~(Folio.PAGE_SIZE - 1);
    }

    private KexecSegment add(String name, byte[] buf, long align) {
        return segment(name, buf, place(pageRound(Math.max(1, buf.length)), align));
    }

    private KexecSegment segment(String name, byte[] buf, long dest) {
        KexecSegment s = new KexecSegment(name, buf, dest, pageRound(Math.max(1, buf.length)));
        image.segments.add(s);
        return s;
    }

    /** {@code kexec_add_buffer} placement: the highest aligned free hole, first candidate range first. */
    private long place(long memsz, long align) {
        for (long[] r : candidateRanges()) {
            long lo = Math.max(r[0], MIN_LOAD_ADDR);
            long end = r[1];
            while (end - memsz >= lo) {
                long cand = (end - memsz) & ~(align - 1);
                if (cand < lo) {
                    break;
                }
                long conflict = conflictStart(cand, memsz);
                if (conflict < 0) {
                    return cand;
                }
                end = conflict;
            }
        }
        // kexec_locate_mem_hole / kho_locate_mem_hole: -EADDRNOTAVAIL when no range has room
        throw new KernelException(Errno.EADDRNOTAVAIL, "no " + (kho() ? "scratch " : "") + "hole for a segment of 0x"
                + Long.toHexString(memsz) + " bytes");
    }

    private List<long[]> candidateRanges() {
        List<long[]> out = new ArrayList<>();
        if (kho()) {
            env.kho().scratch().areas().forEach(s -> out.add(new long[] {s.addr(), s.end()}));
        } else {
            List<MemblockRegion> m = env.memblock().memory().regions();
            for (int i = m.size() - 1; i >= 0; i--) {
                out.add(new long[] {m.get(i).base(), m.get(i).end()});
            }
        }
        return out;
    }

    /** Lowest start of anything in {@code [pa, pa+len)} that a segment may not overwrite; -1 if none. */
    private long conflictStart(long pa, long len) {
        long best = -1;
        for (KexecSegment s : image.segments) {
            if (s.overlaps(pa, len)) {
                best = best < 0 ? s.mem() : Math.min(best, s.mem());
            }
        }
        for (MemblockRegion r : env.memblock().reserved().regions()) {
            if (r.base() < pa + len && pa < r.end()) {
                best = best < 0 ? r.base() : Math.min(best, r.base());
            }
        }
        return best < 0 ? -1 : Math.max(best, 0);
    }

    /** {@code kimage_alloc_page}: a page that is no destination (those go back when the image is freed). */
    private Folio sourcePage(String who) {
        while (true) {
            Folio f = image.takePage(who);
            boolean isDest = image.segments.stream().anyMatch(s -> s.overlaps(f.pa(), Folio.PAGE_SIZE));
            if (!isDest) {
                return f;
            }
        }
    }

    /** {@code kimage_load_segment}: one destination entry, then a source entry per page. */
    private void loadSegment(KexecSegment s) {
        image.addEntry(s.mem() | KimageEntry.IND_DESTINATION);
        byte[] buf = s.buf();
        for (long off = 0; off < s.memsz(); off += Folio.PAGE_SIZE) {
            Folio src = sourcePage("kimage_load_segment");
            env.mem().fill(src.pa(), Folio.PAGE_SIZE, (byte) 0);
            int n = (int) Math.max(0, Math.min(Folio.PAGE_SIZE, buf.length - off));
            if (n > 0) {
                env.mem().write(src.pa(), buf, (int) off, n);
            }
            image.addEntry(src.pa() | KimageEntry.IND_SOURCE);
        }
    }

    /**
     * SHA-256 over every segment's {@code memsz} bytes (buffer then zero fill), in order; each
     * segment's own SHA-256 is added to {@code perSegment} (khoemu's purgatory diagnostics).
     */
    static byte[] digest(List<KexecSegment> segs, List<byte[]> perSegment) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (KexecSegment s : segs) {
                MessageDigest one = MessageDigest.getInstance("SHA-256");
                byte[] buf = s.buf();
                byte[] fill = new byte[(int) (s.memsz() - buf.length)];
                md.update(buf);
                md.update(fill);
                one.update(buf);
                one.update(fill);
                perSegment.add(one.digest());
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
