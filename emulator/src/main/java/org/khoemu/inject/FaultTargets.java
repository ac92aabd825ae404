// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtHeader;
import org.khoemu.inspect.BootChain;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.FieldReader;
import org.khoemu.inspect.HandoverField;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.KhoMemMapSummary;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.inspect.VmallocReader;
import org.khoemu.kernel.abi.AbiConstant;
import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.radix.KhoRadixLayout;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every place of a decoded handover a fault may hit, found by following the handover as the next
 * kernel does and named from the structures themselves, so a new profile brings its own targets:
 * every field of every ABI-table struct in use (by the names {@code poke} takes), the
 * {@code boot_params} fields and setup_data headers kernel B reads, the KHO scratch array,
 * every FDT header field, property value and strings-block entry of the KHO and LUO FDTs (walked
 * with libfdt), each memfd's folio records, every bitmap word of the preserved-memory map that
 * has a bit set, and one sample word of every preserved memfd folio.
 */
public final class FaultTargets {
    /** The target classes, in summary order. */
    public static final List<String> CLASSES = List.of("boot", "fdt-header", "fdt-prop", "fdt-string", "kho-memmap",
            "luo-session", "luo-file", "memfd", "data", FaultTargets.ALLOC);

    /** The name and class of the target that is kernel B's page allocations, not bytes. */
    public static final String ALLOC = "alloc";

    private static final String[] FDT_HEADER = {"magic", "totalsize", "off_dt_struct", "off_dt_strings",
        "off_mem_rsvmap", "version", "last_comp_version", "boot_cpuid_phys", "size_dt_strings", "size_dt_struct"};

    private final HandoverInspection h;
    private final LuoAbiProfile profile;
    private final AbiLayout layout;
    private final PhysMem mem;
    private final Map<String, Target> out = new LinkedHashMap<>();

    private FaultTargets(HandoverInspection h, LuoAbiProfile profile, PhysMem mem) {
        this.h = h;
        this.profile = profile;
        this.layout = profile.layout();
        this.mem = mem;
    }

    /** Every target of handover {@code h} in RAM {@code mem}, by name, in a fixed order. */
    public static Map<String, Target> of(HandoverInspection h, LuoAbiProfile profile, PhysMem mem) {
        FaultTargets t = new FaultTargets(h, profile, mem);
        t.boot();
        t.structs();
        t.memMapWords();
        t.fdt("kho", h.kho(), (int) Math.min(h.boot().khoData().fdtSize(), 1 << 20));
        if (h.luo() != null) {
            t.fdt("luo", h.luo(), profile.fdtSize());
        }
        t.folios();
        return t.out;
    }

    private void add(Target t) {
        out.put(t.name(), t);
    }

    /** boot_params as kernel B's early boot reads it, the setup_data chain, the scratch array. */
    private void boot() {
        long bp = h.boot().bootParamsPa();
        add(Target.plain("boot_params.hdr.boot_flag", "boot", bp + BootParams.OFF_BOOT_FLAG, 2, Target.Kind.NUMBER, false));
        add(Target.plain("boot_params.hdr.header", "boot", bp + BootParams.OFF_HEADER, 4, Target.Kind.NUMBER, false));
        add(Target.plain("boot_params.hdr.cmd_line_ptr", "boot", bp + BootParams.OFF_CMD_LINE_PTR, 4, Target.Kind.ADDRESS, false));
        add(Target.plain("boot_params.ext_cmd_line_ptr", "boot", bp + BootParams.OFF_EXT_CMD_LINE_PTR, 4, Target.Kind.NUMBER, false));
        add(Target.plain("boot_params.hdr.setup_data", "boot", bp + BootParams.OFF_SETUP_DATA, 8, Target.Kind.ADDRESS, false));
        int entries = Byte.toUnsignedInt(mem.read8(bp + BootParams.OFF_E820_ENTRIES));
        add(Target.plain("boot_params.e820_entries", "boot", bp + BootParams.OFF_E820_ENTRIES, 1, Target.Kind.NUMBER, false)
                .withCount(BootParams.E820_MAX_ENTRIES_ZEROPAGE, (BootParams.SIZE - BootParams.OFF_E820_TABLE) / 20 + 1));
        for (int i = 0; i < Math.min(entries, BootParams.E820_MAX_ENTRIES_ZEROPAGE); i++) {
            long e = bp + BootParams.OFF_E820_TABLE + 20L * i;
            String n = "boot_params.e820_table[" + i + "].";
            add(Target.plain(n + "addr", "boot", e, 8, Target.Kind.ADDRESS, false));
            add(Target.plain(n + "size", "boot", e + 8, 8, Target.Kind.NUMBER, false));
            add(Target.plain(n + "type", "boot", e + 16, 4, Target.Kind.NUMBER, false));
        }
        List<BootChain.Node> nodes = h.boot().setupData();
        for (int i = 0; i < nodes.size(); i++) {
            long pa = nodes.get(i).pa();
            String n = "setup_data[" + i + "].";
            add(Target.plain(n + "next", "boot", pa + SetupData.OFF_NEXT, 8, Target.Kind.LINK, false).withSelf(pa));
            add(Target.plain(n + "type", "boot", pa + SetupData.OFF_TYPE, 4, Target.Kind.NUMBER, false));
            add(Target.plain(n + "len", "boot", pa + SetupData.OFF_LEN, 4, Target.Kind.NUMBER, false));
        }
        List<long[]> scratch = h.boot().scratch(new FieldReader(mem));
        long arr = h.boot().khoData().scratchAddr();
        for (int i = 0; i < scratch.size(); i++) {
            add(Target.plain("kho_scratch[" + i + "].addr", "boot", arr + 16L * i, 8, Target.Kind.ADDRESS, false));
            add(Target.plain("kho_scratch[" + i + "].size", "boot", arr + 16L * i + 8, 8, Target.Kind.NUMBER, false));
        }
    }

    /** Every field of every table struct in use, by the names {@code poke} takes. */
    private void structs() {
        LuoSessionBlock block = h.sessions();
        fields(KhoData.STRUCT, KhoData.STRUCT.name(), Integer.MAX_VALUE, "boot");
        if (layout.hasStruct("luo_session_header_ser")) {
            fields(layout.struct("luo_session_header_ser"), "luo_session_header_ser", Integer.MAX_VALUE, "luo-session");
        }
        if (h.ser() != null) {
            // luo-v5: the raw luo_ser blob and the headers of the session chain's blocks
            fields(layout.struct("luo_ser"), "luo_ser", Integer.MAX_VALUE, "luo-session");
            long blocks = block.sessions().stream().mapToLong(x -> x.pa() - x.blockOffset()).distinct().count();
            for (int b = 0; b < blocks; b++) {
                fields(layout.struct("kho_block_header_ser"), "kho_block_header_ser[" + b + "]", Integer.MAX_VALUE,
                        "luo-session");
            }
        }
        List<LuoSessionBlock.Session> sessions = block.sessions();
        for (LuoSessionBlock.Session s : sessions) {
            fields(layout.struct("luo_session_ser"), "luo_session_ser[" + s.index() + "]", Integer.MAX_VALUE, "luo-session");
            for (LuoSessionBlock.File f : s.files()) {
                String ij = "[" + s.index() + "][" + f.index() + "]";
                fields(layout.struct("luo_file_ser"), "luo_file_ser" + ij, Integer.MAX_VALUE, "luo-file");
                if (f.memfd() != null) {
                    fields(layout.struct("memfd_luo_ser"), "memfd_luo_ser" + ij, Integer.MAX_VALUE, "memfd");
                }
            }
        }
        List<KhoMemMapSummary.Chunk> chunks = h.memMap().chunks();
        for (int k = 0; k < chunks.size() && layout.hasStruct("khoser_mem_chunk"); k++) {
            fields(layout.struct("khoser_mem_chunk"), "khoser_mem_chunk[" + k + "]", chunks.get(k).numElms(), "kho-memmap");
        }
    }

    private void fields(AbiStruct s, String prefix, int used, String cls) {
        List<String> names = new ArrayList<>();
        leaves(s, prefix, used, names);
        for (String n : names) {
            HandoverField f = HandoverField.resolve(h, layout, n);
            add(classify(n, cls, f));
        }
    }

    /** The field's kind from its table entry: a char array is a name, "phys" an address, a count a count. */
    private Target classify(String name, String cls, HandoverField f) {
        AbiField a = f.field();
        long structPa = f.pa() - offsetIn(name);
        if (f.isChars()) {
            Target t = Target.plain(name, cls, f.pa(), a.size(), Target.Kind.NAME, false);
            return name.startsWith("luo_session_ser[") && a.name().equals("name") ? withSiblingName(t, name) : t;
        }
        String leaf = a.name();
        if (leaf.equals("next")) {
            return Target.plain(name, cls, f.pa(), a.size(), Target.Kind.LINK, false).withSelf(structPa);
        }
        if (a.meaning().matches("(?s).*\\bphys\\b.*|.*physical address.*")) {
            return Target.plain(name, cls, f.pa(), a.size(), Target.Kind.ADDRESS, false);
        }
        Target t = Target.plain(name, cls, f.pa(), a.size(), Target.Kind.NUMBER, false);
        return switch (name.replaceAll("\\[[0-9]+]", "[]")) {
            case "luo_session_header_ser.count" -> {
                long room = ((long) profile.sessionBlockPages() << 12) - profile.sessionHeaderSize();
                yield t.withCount(profile.sessionMax(), (room + 4096 + profile.sessionEntrySize() - 1) / profile.sessionEntrySize());
            }
            case "kho_block_header_ser[].count" -> {
                int per = layout.number("LUO_SESSIONS_PER_BLOCK");
                yield t.withCount(per, per + 1);
            }
            case "luo_session_ser[].count" -> t.withCount(profile.fileMax(),
                    (((long) profile.filePages() << 12) + 4096 + profile.fileEntrySize() - 1) / profile.fileEntrySize());
            case "khoser_mem_chunk[].hdr.num_elms" -> {
                long entry = layout.struct("khoser_mem_bitmap_ptr").size();
                yield t.withCount(layout.number("KHOSER_BITMAP_SIZE"), (4096 + 4096 - 16 + entry - 1) / entry);
            }
            case "memfd_luo_ser[][].nr_folios" -> {
                long pages = Integer.toUnsignedLong(mem.read32(structPa + layout.struct("memfd_luo_ser").offset("folios.total_pages")));
                long per = 4096 / MemfdLuoFolioSer.SIZE;
                yield t.withCount(pages * per, (pages + 1) * per);
            }
            default -> t;
        };
    }

    /** Offset of the named field within its top-level struct instance. */
    private long offsetIn(String name) {
        String root = name.replaceFirst("[\\[.].*", "");
        String path = name.substring(name.indexOf('.') + 1);
        AbiStruct s = root.equals(KhoData.STRUCT.name()) ? KhoData.STRUCT : layout.struct(root);
        long off = 0;
        for (String part : path.split("\\.")) {
            String fn = part.replaceFirst("\\[.*", "");
            AbiField f = s.fields().stream().filter(x -> x.name().equals(fn)).findFirst().orElseThrow();
            off += f.offset();
            if (part.contains("[")) {
                off += Long.parseLong(part.replaceAll(".*\\[([0-9]+)]", "$1")) * f.member().size();
            }
            s = f.member();
        }
        return off;
    }

    /** A session name's duplicate is the next session's name (none when there is one session). */
    private Target withSiblingName(Target t, String name) {
        int i = Integer.parseInt(name.replaceAll("luo_session_ser\\[([0-9]+)].*", "$1"));
        int n = h.sessions().sessions().size();
        if (n < 2) {
            return t;
        }
        String other = "luo_session_ser[" + (i + 1) % n + "].name";
        return t.withSibling(HandoverField.resolve(h, layout, other).pa());
    }

    /** Dotted leaf names of {@code s} under {@code prefix}; arrays of structs up to {@code used} elements. */
    static void leaves(AbiStruct s, String prefix, int used, List<String> names) {
        for (AbiField f : s.fields()) {
            String name = prefix + "." + f.name();
            if (f.member() == null) {
                names.add(name);
            } else if (f.type().endsWith("]")) {
                int n = Math.min(used, f.size() / f.member().size());
                for (int i = 0; i < n; i++) {
                    leaves(f.member(), name + "[" + i + "]", used, names);
                }
            } else {
                leaves(f.member(), name, used, names);
            }
        }
    }

    /** Every 64-bit word with a bit set in the bitmaps the preserved-memory map points at. */
    private void memMapWords() {
        List<KhoMemMapSummary.Chunk> chunks = h.memMap().chunks();
        if (chunks.isEmpty()) {
            radixWords();
            return;
        }
        AbiStruct chunk = layout.struct("khoser_mem_chunk");
        AbiStruct ptr = layout.struct("khoser_mem_bitmap_ptr");
        for (int k = 0; k < chunks.size(); k++) {
            for (int e = 0; e < chunks.get(k).numElms(); e++) {
                long entry = chunks.get(k).pa() + chunk.offset("bitmaps") + (long) e * ptr.size();
                long bitmap = mem.read64(entry + ptr.offset("bitmap"));
                for (int w = 0; w < KhoMemMapSummary.BITMAP_BYTES / 8; w++) {
                    if (mem.read64(bitmap + 8L * w) != 0) {
                        add(Target.plain("kho_mem_phys_bits[" + k + "][" + e + "].word[" + w + "]", "kho-memmap",
                                bitmap + 8L * w, 8, Target.Kind.BYTES, false));
                    }
                }
            }
        }
    }

    /**
     * kho-v2+: every non-zero word of the radix tree's pages, in the order kernel B's walk found
     * them (interior nodes hold page pointers, leaves bitmap words; both are only raw words here,
     * as the tree's page layout has no struct in the tables).
     */
    private void radixWords() {
        List<Long> pages = h.memMap().radixPages();
        // a node page's slots; a leaf is the same page read as 64-bit bitmap words
        int words = 1 << KhoRadixLayout.LAYOUT.number("KHO_TABLE_SIZE_LOG2");
        for (int k = 0; k < pages.size(); k++) {
            long page = pages.get(k);
            for (int w = 0; w < words; w++) {
                if (mem.read64(page + 8L * w) != 0) {
                    add(Target.plain("kho_radix_page[" + k + "].word[" + w + "]", "kho-memmap", page + 8L * w, 8,
                            Target.Kind.BYTES, false));
                }
            }
        }
    }

    /** The FDT's header fields, every property value of every node, every strings-block entry. */
    private void fdt(String which, FdtBlob blob, int room) {
        for (int i = 0; i < FDT_HEADER.length; i++) {
            add(Target.plain("fdt-header:" + which + "." + FDT_HEADER[i], "fdt-header", blob.pa() + 4L * i, 4,
                    Target.Kind.NUMBER, true));
        }
        Fdt fdt = blob.fdt();
        props(which, blob, room, fdt, Fdt.ROOT, "");
        FdtHeader hd = fdt.header();
        byte[] b = blob.bytes();
        int start = hd.offDtStrings();
        int end = start + hd.sizeDtStrings();
        for (int i = start; i < end; ) {
            int z = i;
            while (z < end && b[z] != 0) {
                z++;
            }
            String s = new String(b, i, z - i, StandardCharsets.ISO_8859_1);
            add(Target.plain("fdt-string:" + which + ":" + s, "fdt-string", blob.pa() + i, Math.min(z, end - 1) - i + 1,
                    Target.Kind.NAME, false));
            i = z + 1;
        }
    }

    private void props(String which, FdtBlob blob, int room, Fdt fdt, int node, String path) {
        String p = path.isEmpty() ? "/" : path;
        for (Fdt.PropertyPosition pp : fdt.propertyPositions(node)) {
            if (pp.length() == 0) {
                continue;
            }
            add(Target.plain("fdt-prop:" + which + ":" + p + ":" + pp.name(), "fdt-prop", blob.pa() + pp.valueOffset(),
                    pp.length(), propKind(pp), false).withFdt(new Target.FdtSpot(blob.pa(), room, p, pp.name())));
        }
        for (int child : fdt.subnodes(node)) {
            props(which, blob, room, fdt, child, path + "/" + fdt.nodeName(child));
        }
    }

    /** A property's meaning from the layout constant naming it: "phys" is an address, "u64" a number. */
    private Target.Kind propKind(Fdt.PropertyPosition pp) {
        if (pp.name().equals("compatible")) {
            return Target.Kind.NAME;
        }
        for (AbiConstant c : layout.constants()) {
            if (c.isText() && c.text().equals(pp.name()) && pp.length() == 8) {
                return c.meaning().contains("phys") ? Target.Kind.ADDRESS
                        : c.meaning().contains("u64") ? Target.Kind.NUMBER : Target.Kind.BYTES;
            }
        }
        return Target.Kind.BYTES;
    }

    /** Each memfd's folio records ({@code memfd_luo_folio_ser}) and one sample word of each folio's data. */
    private void folios() {
        FieldReader r = new FieldReader(mem);
        AbiStruct fs = MemfdLuoFolioSer.STRUCT;
        for (LuoSessionBlock.Session s : h.sessions().sessions()) {
            for (LuoSessionBlock.File f : s.files()) {
                LuoSessionBlock.Memfd m = f.memfd();
                if (m == null || m.folios().isEmpty()) {
                    continue;
                }
                String ij = "[" + s.index() + "][" + f.index() + "]";
                int order = m.ser().folios().order() & 0xffff;
                List<Long> pieces = VmallocReader.pieces(r, m.ser().folios(), "memfd_luo_ser" + ij + ".folios",
                        m.pa() + layout.struct("memfd_luo_ser").offset("folios"));
                long pieceBytes = 4096L << order;
                for (int k = 0; k < m.folios().size(); k++) {
                    long off = (long) k * fs.size();
                    long pa = pieces.get((int) (off / pieceBytes)) + off % pieceBytes;
                    for (AbiField a : fs.fields()) {
                        add(Target.plain("memfd_luo_folio_ser" + ij + "[" + k + "]." + a.name(), "memfd", pa + a.offset(),
                                a.size(), Target.Kind.NUMBER, false));
                    }
                }
                for (int k = 0; k < m.folios().size(); k++) {
                    add(Target.plain("data" + ij + "[" + k + "]", "data", m.folios().get(k).pfn() << 12, 8,
                            Target.Kind.BYTES, false));
                }
            }
        }
    }
}
