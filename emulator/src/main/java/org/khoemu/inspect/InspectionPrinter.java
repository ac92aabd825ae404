// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.luo.abi.luov5.LuoSer;
import org.khoemu.kernel.luo.abi.luov5.LuoV5;

import org.khoemu.fdt.DtsPrinter;
import org.khoemu.fdt.FdtHeader;
import org.khoemu.kernel.kho.v1.KhoBitmapEntry;
import org.khoemu.kernel.kho.v1.KhoMemChunk;
import org.khoemu.kernel.kho.v1.KhoV1Layout;
import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.luo.abi.seedv6.LuoFileSer;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;

import static org.khoemu.inspect.AnnotatedHexdump.Field;

/**
 * Prints a {@link HandoverInspection} for a person: one heading per structure with its physical
 * address, the FDTs as DTS, and with {@code hex} an annotated xxd-style dump of each struct.
 * Session and file lines have a fixed shape so scripts can pick them out:
 * {@code session[0] "session-0" ...} and {@code file[0] ... token 0x11, size 4096, sha256 ...}.
 */
public final class InspectionPrinter {
    static final List<Field> BOOT_PARAMS_FIELDS = List.of(
            new Field("ext_cmd_line_ptr", BootParams.OFF_EXT_CMD_LINE_PTR, 4),
            new Field("e820_entries", BootParams.OFF_E820_ENTRIES, 1),
            new Field("hdr.boot_flag", BootParams.OFF_BOOT_FLAG, 2),
            new Field("hdr.header", BootParams.OFF_HEADER, 4),
            new Field("hdr.version", BootParams.OFF_VERSION, 2),
            new Field("hdr.cmd_line_ptr", BootParams.OFF_CMD_LINE_PTR, 4),
            new Field("hdr.cmdline_size", BootParams.OFF_CMDLINE_SIZE, 4),
            new Field("hdr.setup_data", BootParams.OFF_SETUP_DATA, 8));
    static final List<Field> SETUP_DATA_FIELDS = List.of(
            new Field("next", SetupData.OFF_NEXT, 8), new Field("type", SetupData.OFF_TYPE, 4),
            new Field("len", SetupData.OFF_LEN, 4));
    static final List<Field> KHO_DATA_FIELDS = List.of(
            new Field("fdt_addr", KhoData.OFF_FDT_ADDR, 8), new Field("fdt_size", KhoData.OFF_FDT_SIZE, 8),
            new Field("scratch_addr", KhoData.OFF_SCRATCH_ADDR, 8), new Field("scratch_size", KhoData.OFF_SCRATCH_SIZE, 8));
    static final List<Field> CHUNK_HDR_FIELDS = Stream.concat(
            AnnotatedHexdump.fields(KhoV1Layout.KHOSER_MEM_CHUNK_HDR, "hdr.", KhoV1Layout.KHOSER_MEM_CHUNK.offset("hdr")).stream(),
            AnnotatedHexdump.fields(KhoV1Layout.KHOSER_MEM_BITMAP_PTR, "bitmaps[0].",
                    KhoV1Layout.KHOSER_MEM_CHUNK.offset("bitmaps")).stream()).toList();
    static final List<Field> FDT_HEADER_FIELDS = List.of(
            new Field("magic", FdtHeader.OFF_MAGIC, 4), new Field("totalsize", FdtHeader.OFF_TOTALSIZE, 4),
            new Field("off_dt_struct", FdtHeader.OFF_OFF_DT_STRUCT, 4),
            new Field("off_dt_strings", FdtHeader.OFF_OFF_DT_STRINGS, 4),
            new Field("off_mem_rsvmap", FdtHeader.OFF_OFF_MEM_RSVMAP, 4), new Field("version", FdtHeader.OFF_VERSION, 4),
            new Field("last_comp_version", FdtHeader.OFF_LAST_COMP_VERSION, 4),
            new Field("boot_cpuid_phys", FdtHeader.OFF_BOOT_CPUID_PHYS, 4),
            new Field("size_dt_strings", FdtHeader.OFF_SIZE_DT_STRINGS, 4),
            new Field("size_dt_struct", FdtHeader.OFF_SIZE_DT_STRUCT, 4));
    static final List<Field> FILE_FIELDS = AnnotatedHexdump.fields(SeedV6.LUO_FILE_SER);
    static final List<Field> MEMFD_FIELDS = AnnotatedHexdump.fields(MemfdLuoSer.STRUCT);
    static final List<Field> LUO_SER_FIELDS = AnnotatedHexdump.fields(LuoV5.LUO_SER);

    private final PrintWriter out;
    private final PhysMem mem;
    private final boolean hex;

    public InspectionPrinter(PrintWriter out, PhysMem mem, boolean hex) {
        this.out = out;
        this.mem = mem;
        this.hex = hex;
    }

    public void print(HandoverInspection in) {
        BootChain b = in.boot();
        out.printf("boot_params @ 0x%x: boot protocol %d.%02d, cmd_line_ptr 0x%x%n", b.bootParamsPa(),
                b.protocolVersion() >> 8, b.protocolVersion() & 0xff, b.cmdLinePa());
        dump("boot_params (selected fields)", b.bootParamsPa(), BootParams.SIZE, BOOT_PARAMS_FIELDS);
        for (int i = 0; i < b.setupData().size(); i++) {
            BootChain.Node n = b.setupData().get(i);
            out.printf("setup_data[%d] @ 0x%x: type %d%s, len %d, next 0x%x%n", i, n.pa(), n.header().type(),
                    n.header().type() == SetupData.SETUP_KEXEC_KHO ? " (SETUP_KEXEC_KHO)" : "",
                    n.header().len() & 0xffffffffL, n.header().next());
            dump("setup_data[" + i + "]", n.pa(), SetupData.SIZE, SETUP_DATA_FIELDS);
        }
        KhoData kd = b.khoData();
        out.printf("kho_data @ 0x%x: fdt_addr 0x%x, fdt_size %d, scratch_addr 0x%x, scratch_size %d (%d areas)%n",
                b.khoDataPa(), kd.fdtAddr(), kd.fdtSize(), kd.scratchAddr(), kd.scratchSize(), kd.scratchSize() / 16);
        dump("kho_data", b.khoDataPa(), KhoData.SIZE, KHO_DATA_FIELDS);
        List<long[]> scratch = b.scratch(new FieldReader(mem));
        for (int i = 0; i < scratch.size(); i++) {
            out.printf("  kho_scratch[%d]: 0x%x + 0x%x (%s)%n", i, scratch.get(i)[0], scratch.get(i)[1], mib(scratch.get(i)[1]));
        }

        out.printf("%nKHO FDT @ 0x%x (%d bytes):%n", in.kho().pa(), in.kho().bytes().length);
        dump("KHO FDT header (big-endian)", in.kho().pa(), FdtHeader.SIZE, FDT_HEADER_FIELDS);
        out.print(indent(DtsPrinter.print(in.kho().fdt())));
        for (HandoverInspection.Subtree s : in.subtrees()) {
            out.printf("  subtree %s -> 0x%x%s%n", s.name(), s.pa(),
                    in.khoGeneration().hasBlobSize() ? " (" + s.size() + " bytes)" : "");
        }
        memMap(in);

        if (in.ser() != null) {
            LuoSerImage ser = in.ser();
            out.printf("%nluo_ser @ 0x%x (blob-size %d): compatible \"%s\", liveupdate_num %d, sessions_pa 0x%x, flbs_pa 0x%x%n",
                    ser.pa(), ser.size(), ser.compatible(), ser.liveupdateNumber(), ser.sessionsPa(), ser.flbsPa());
            dump("luo_ser", ser.pa(), LuoSer.SIZE, LUO_SER_FIELDS);
            sessions(in.sessions());
            out.flush();
            return;
        }
        out.printf("%nLUO FDT @ 0x%x (%d bytes): liveupdate-number %d, session block @ 0x%x%n", in.luo().pa(),
                in.luo().bytes().length, in.liveupdateNumber(), in.sessionBlockPa());
        dump("LUO FDT header (big-endian)", in.luo().pa(), FdtHeader.SIZE, FDT_HEADER_FIELDS);
        out.print(indent(DtsPrinter.print(in.luo().fdt())));
        sessions(in.sessions());
        out.flush();
    }

    private void memMap(HandoverInspection in) {
        KhoMemMapSummary m = in.memMap();
        if (in.khoGeneration().memMap().isLive()) {
            out.printf("%npreserved-memory-map @ 0x%x (%s): radix tree of %d page(s)%n", in.memMapPa(),
                    in.khoGeneration().name(), m.radixPages().size());
        } else {
            out.printf("%npreserved-memory-map @ 0x%x: %d chunk(s)%n", in.memMapPa(), m.chunks().size());
        }
        for (var e : m.perOrder().entrySet()) {
            out.printf("  order %2d: %d block(s), %d bytes%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        out.printf("  total: %d bytes preserved (%s)%n", m.totalBytes(), mib(m.totalBytes()));
        if (hex && in.khoGeneration().memMap().isLive()) {
            // kho-v1 shows its chunks below; a tree's pages hold only pointers, so show what they lead to
            m.blocks().forEach((pa, order) -> out.printf("  block 0x%x order %d (%d bytes)%n", pa, order, 4096L << order));
        }
        for (int i = 0; hex && i < m.chunks().size(); i++) {
            var c = m.chunks().get(i);
            int n = c.numElms() == 0 ? KhoMemChunk.HDR_SIZE : KhoMemChunk.HDR_SIZE + KhoBitmapEntry.SIZE;
            dump("khoser_mem_chunk[" + i + "]", c.pa(), n, c.numElms() == 0 ? CHUNK_HDR_FIELDS.subList(0, 3) : CHUNK_HDR_FIELDS);
        }
    }

    private void sessions(LuoSessionBlock s) {
        SessionLayout l = s.layout();
        if (l.profile().serRoot() != null) {
            out.printf("%nsession chain @ 0x%x (%s layout): %d kho_block(s), count %d%n", s.pa(), l.profile().name(),
                    s.pgcnt(), s.count());
        } else {
            out.printf("%nsession block @ 0x%x (%s layout, %s): %scount %d%n", s.pa(), l.profile().name(),
                    l.profile().sessionCompatible(), s.pgcnt() == SessionLayout.NONE ? "" : "pgcnt " + s.pgcnt() + ", ",
                    s.count());
        }
        if (s.pa() != 0) {
            dump(l.profile().serRoot() != null ? "kho_block_header_ser" : "luo_session_header_ser", s.pa(),
                    l.profile().sessionHeaderSize(), l.headerFields());
        }
        for (LuoSessionBlock.Session se : s.sessions()) {
            out.printf("  session[%d] \"%s\"%s at block offset 0x%x (0x%x): files 0x%x, %scount %d%n", se.index(),
                    SessionName.ofKernel(se.name()), se.nameTruncated() ? " (no NUL in " + l.profile().sessionNameLength()
                            + " bytes: truncated, as the kernel's strscpy keeps it)" : "",
                    se.blockOffset(), se.pa(), se.filesPa(),
                    se.pgcnt() == SessionLayout.NONE ? "" : "pgcnt " + se.pgcnt() + ", ", se.count());
            dump("luo_session_ser[" + se.index() + "]", se.pa(), l.profile().sessionEntrySize(), l.entryFields());
            for (LuoSessionBlock.File f : se.files()) {
                out.printf("    file[%d] at 0x%x: compatible \"%s\", data 0x%x, token 0x%x", f.index(), f.pa(),
                        f.ser().compatible(), f.ser().data(), f.ser().token());
                if (f.memfd() != null) {
                    MemfdLuoSer m = f.memfd().ser();
                    out.printf(", size %d, sha256 %s (pos %d, %d folio(s))%n", m.size(), f.memfd().sha256(), m.pos(), m.nrFolios());
                } else {
                    out.printf(" (no decoder for this handler)%n");
                }
                dump("luo_file_ser", f.pa(), LuoFileSer.SIZE, FILE_FIELDS);
                if (f.memfd() != null) {
                    dump("memfd_luo_ser", f.memfd().pa(), MemfdLuoSer.SIZE, MEMFD_FIELDS);
                }
            }
        }
    }

    private void dump(String title, long pa, int size, List<Field> fields) {
        if (hex) {
            out.print(indent(AnnotatedHexdump.render(title, pa, mem.read(pa, size), fields)));
        }
    }

    private static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        s.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }

    private static String mib(long bytes) {
        return String.format("%.2f MiB", bytes / 1048576.0);
    }
}
