// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.khoemu.emu.dump.LoadedHandover;
import org.khoemu.inspect.KhoMemMapSummary;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.inspect.SessionLayout;
import org.khoemu.inspect.VmallocReader;
import org.khoemu.kernel.kho.KhoRootFdt;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.v1.KhoV1Layout;
import org.khoemu.kernel.kho.block.KhoBlockLayout;
import org.khoemu.kernel.kho.block.KhoBlockRestore;
import org.khoemu.kernel.kho.v1.KhoV1MemMap;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code khoemu compare A B}: two handovers walked side by side from boot_params (or the KHO
 * FDT) down through the KHO FDT, the preserved-memory map, the LUO FDT, the session block, each
 * session's file array, each memfd's {@code memfd_luo_ser}, its {@code kho_vmalloc} chunks and
 * folio arrays, and the memfd contents. Pointers are followed, not compared: a field holding a
 * physical address is "address-only" when the two differ. Everything else is compared byte for
 * byte, by field where the layout names one.
 */
public final class HandoverCompare {
    /** Structure names, as reports and the JSON give them. */
    public static final String BOOT_PARAMS = "boot_params";
    public static final String CMDLINE = "command line";
    public static final String KHO_DATA = "kho_data";
    public static final String KHO_SCRATCH = "kho_scratch";
    public static final String KHO_FDT = "KHO FDT";
    public static final String MEM_MAP = "preserved-memory-map";
    public static final String LUO_FDT = "LUO FDT";
    public static final String SESSION_BLOCK = "luo_session block";
    public static final String FILE_ARRAY = "luo_file_ser array";
    public static final String MEMFD = "memfd_luo_ser";
    public static final String VMALLOC_CHUNK = "kho_vmalloc chunk";
    public static final String FOLIO_ARRAY = "memfd_luo_folio_ser array";
    public static final String CONTENT = "memfd content";
    public static final String LUO_SER = "luo_ser";
    public static final String SESSION_CHAIN = "luo_session_ser kho_block";
    public static final String FILE_CHAIN = "luo_file_ser kho_block";

    private final Side a;
    private final Side b;
    private final Findings out;

    private HandoverCompare(Side a, Side b) {
        this.a = a;
        this.b = b;
        this.out = new Findings(a.h().ramBytes(), b.h().ramBytes());
    }

    public static Findings compare(LoadedHandover ha, LoadedHandover hb) {
        HandoverCompare c = new HandoverCompare(Side.decode("A", ha), Side.decode("B", hb));
        c.walk();
        return c.out;
    }

    private void walk() {
        if (a.boot() != null && b.boot() != null) {
            BootChainCompare.compare(out, a, b);
        } else if (a.boot() != null || b.boot() != null) {
            out.missing(BOOT_PARAMS, "boot_params", a.h().bootParams(), b.h().bootParams(),
                    a.boot() != null ? "present" : "not given", b.boot() != null ? "present" : "not given");
        }
        FdtCompare.compare(out, KHO_FDT, a.kho(), a.bytes(a.kho().pa(), a.khoSpace(), KHO_FDT), b.kho(),
                b.bytes(b.kho().pa(), b.khoSpace(), KHO_FDT),
                Set.of(KhoRootFdt.PROP_PRESERVED_MEMORY_MAP, KhoV1MemMap.PROP_SUB_FDT, KhoGeneration.PROP_PRESERVED_DATA));
        memMap();
        if (a.ser() != null || b.ser() != null) {
            luoSer();
            return;
        }
        LuoAbiProfile pa = a.layout().profile();
        FdtCompare.compare(out, LUO_FDT, a.luo(), a.bytes(a.luo().pa(), pa.fdtSize(), LUO_FDT), b.luo(),
                b.bytes(b.luo().pa(), b.layout().profile().fdtSize(), LUO_FDT), Set.of(pa.sessionHeaderProperty()));
        sessions();
    }

    /**
     * luo-v5: the raw {@code luo_ser} blob, the session chain block by block, each session's
     * file chain, and the memfds. Against a handover of the LUO FDT generations the LUO entry
     * itself differs: one line says so and nothing under it is compared.
     */
    private void luoSer() {
        if (a.ser() == null || b.ser() == null) {
            out.add(new Finding(SeedV6.LUO_FDT_KHO_ENTRY_NAME, "generation", 0, 0, a.ser() != null ? a.ser().pa() : a.luo().pa(),
                    b.ser() != null ? b.ser().pa() : b.luo().pa(), generation(a), generation(b),
                    Finding.Kind.DIFFERENT, "layout"));
            return;
        }
        AbiStruct ser = a.layout().profile().layout().struct(LUO_SER);
        StructCompare.compare(out, LUO_SER, a.ser().pa(), a.bytes(a.ser().pa(), ser.size(), LUO_SER), b.ser().pa(),
                b.bytes(b.ser().pa(), ser.size(), LUO_SER), CField.of(ser, LUO_SER + ".", 0,
                        Map.of("sessions_pa", CField.Role.ADDRESS, "flbs_pa", CField.Role.ADDRESS)));
        // a session list that cannot be decoded is still compared block by block while its chain walks
        chain(SESSION_CHAIN, "", a.blockPa(), b.blockPa(), a.layout().profile().layout().struct("luo_session_ser"),
                Map.of("file_set_ser.files", CField.Role.ADDRESS));
        if (a.sessions() == null || b.sessions() == null) {
            out.missing(SESSION_CHAIN, "sessions (not followed)", a.blockPa(), b.blockPa(),
                    a.sessions() == null ? a.sessionsError() : "decoded", b.sessions() == null ? b.sessionsError() : "decoded");
            return;
        }
        for (int i = 0; i < Math.min(a.sessions().sessions().size(), b.sessions().sessions().size()); i++) {
            files(i, a.sessions().sessions().get(i), b.sessions().sessions().get(i));
        }
    }

    /** What a side's LUO entry is, for the line that says two generations differ. */
    private static String generation(Side s) {
        return s.ser() != null ? s.layout().profile().name() + ": raw luo_ser blob \"" + s.ser().compatible() + "\""
                : s.layout().profile().name() + ": LUO FDT, sessions \"" + s.layout().profile().sessionCompatible() + "\"";
    }

    /**
     * Two {@code kho_block} chains (already checked by the decoders) side by side, block by block:
     * the {@code kho_block_header_ser} and the entries the larger count holds, named by their
     * place in the whole list. A block one side lacks is missing.
     */
    private void chain(String what, String suffix, long headA, long headB, AbiStruct entry, Map<String, CField.Role> roles) {
        String[] why = new String[2];
        KhoBlockRestore.Chain ca = walk(a, headA, entry.size(), why, 0);
        KhoBlockRestore.Chain cb = walk(b, headB, entry.size(), why, 1);
        if (ca == null || cb == null) {
            out.missing(what + suffix, "chain (not walked)", headA, headB, ca == null ? why[0] : "walked",
                    cb == null ? why[1] : "walked");
            return;
        }
        AbiStruct hdr = a.layout().profile().layout().struct(KhoBlockLayout.KHO_BLOCK_HEADER_SER.name());
        int first = 0;
        for (int k = 0; k < Math.max(ca.size(), cb.size()); k++) {
            String s = what + "[" + k + "]" + suffix;
            if (k >= ca.size() || k >= cb.size()) {
                out.missing(s, "block", k < ca.size() ? ca.blocks()[k] : 0, k < cb.size() ? cb.blocks()[k] : 0,
                        k < ca.size() ? "present" : "absent", k < cb.size() ? "present" : "absent");
                continue;
            }
            List<CField> f = new ArrayList<>(CField.of(hdr, hdr.name() + ".", 0, Map.of("next", CField.Role.ADDRESS)));
            int n = Math.max(ca.counts()[k], cb.counts()[k]);
            for (int j = 0; j < n; j++) {
                f.addAll(CField.of(entry, entry.name() + "[" + (first + j) + "].", hdr.size() + j * entry.size(), roles));
            }
            first += n;
            StructCompare.compare(out, s, ca.blocks()[k], a.bytes(ca.blocks()[k], KhoBlockLayout.KHO_BLOCK_SIZE, s),
                    cb.blocks()[k], b.bytes(cb.blocks()[k], KhoBlockLayout.KHO_BLOCK_SIZE, s), f);
        }
    }

    /** The chain at {@code head} as kernel B checks it; null with the reason in {@code why[i]} when refused. */
    private static KhoBlockRestore.Chain walk(Side s, long head, int entrySize, String[] why, int i) {
        try {
            return KhoBlockRestore.restore(s.r().mem(), head, entrySize);
        } catch (KhoBlockRestore.Invalid e) {
            why[i] = e.getMessage();
            return null;
        }
    }

    private void memMap() {
        KhoMemMapSummary ma = a.map();
        KhoMemMapSummary mb = b.map();
        for (int i = 0; i < Math.max(ma.chunks().size(), mb.chunks().size()); i++) {
            String s = MEM_MAP + " khoser_mem_chunk[" + i + "]";
            if (i >= ma.chunks().size() || i >= mb.chunks().size()) {
                out.missing(s, "chunk", 0, 0, i < ma.chunks().size() ? "present" : "absent",
                        i < mb.chunks().size() ? "present" : "absent");
                continue;
            }
            var ca = ma.chunks().get(i);
            var cb = mb.chunks().get(i);
            List<CField> f = new ArrayList<>(CField.of(CHUNK, "", 0, CHUNK_ROLES));
            for (int e = 0; e < Math.max(ca.numElms(), cb.numElms()); e++) {
                f.addAll(CField.element(CHUNK, "bitmaps", e, "", 0, CHUNK_ROLES));
            }
            StructCompare.compare(out, s, ca.pa(), a.bytes(ca.pa(), CHUNK.size(), s), cb.pa(),
                    b.bytes(cb.pa(), CHUNK.size(), s), f);
        }
        if (!ma.radixPages().isEmpty() || !mb.radixPages().isEmpty()) {
            // kho-v2+: node pages hold only pointers (followed, not compared); their number is the tree's shape
            out.add(StructCompare.judge(out, MEM_MAP, "radix tree pages", 0, 0, a.memMapPa(), b.memMapPa(),
                    ma.radixPages().size(), mb.radixPages().size(), false));
        }
        for (int order : new java.util.TreeSet<>(List.copyOf(union(ma.perOrder().keySet(), mb.perOrder().keySet())))) {
            out.add(StructCompare.judge(out, MEM_MAP, "order " + order + " blocks", 0, 0, a.memMapPa(), b.memMapPa(),
                    ma.blockCount(order), mb.blockCount(order), false));
        }
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> x, java.util.Set<T> y) {
        java.util.Set<T> s = new java.util.HashSet<>(x);
        s.addAll(y);
        return s;
    }

    private void sessions() {
        SessionLayout la = a.layout();
        SessionLayout lb = b.layout();
        LuoAbiProfile p = la.profile();
        if (la != lb) {
            out.add(new Finding(SESSION_BLOCK, "layout", 0, 0, a.blockPa(), b.blockPa(), la.profile().sessionCompatible(),
                    lb.profile().sessionCompatible(), Finding.Kind.DIFFERENT, "layout"));
        } else {
            List<CField> f = new ArrayList<>(CField.of(la.headerFields(), "luo_session_header_ser.", 0, Set.of(), Set.of()));
            long n = Math.max(a.sessionCount(), b.sessionCount());
            for (int i = 0; i < n; i++) {
                f.addAll(CField.of(la.entryFields(), "luo_session_ser[" + i + "].", (int) (la.entryPa(0, i)),
                        Set.of("files", "file_set_ser.files"), Set.of("name")));
            }
            long len = (long) p.sessionBlockPages() << 12;
            StructCompare.compare(out, SESSION_BLOCK, a.blockPa(), a.bytes(a.blockPa(), len, SESSION_BLOCK), b.blockPa(),
                    b.bytes(b.blockPa(), len, SESSION_BLOCK), f);
        }
        LuoSessionBlock sa = a.sessions();
        LuoSessionBlock sb = b.sessions();
        if (sa == null || sb == null) {
            out.missing(SESSION_BLOCK, "sessions (not followed)", a.blockPa(), b.blockPa(),
                    sa == null ? a.sessionsError() : "decoded", sb == null ? b.sessionsError() : "decoded");
            return;
        }
        for (int i = 0; i < Math.min(sa.sessions().size(), sb.sessions().size()); i++) {
            files(i, sa.sessions().get(i), sb.sessions().get(i));
        }
    }

    private void files(int i, LuoSessionBlock.Session x, LuoSessionBlock.Session y) {
        String s = FILE_ARRAY + " (session " + i + ")";
        if (x.filesPa() == 0 || y.filesPa() == 0) {
            if (x.filesPa() != y.filesPa()) {
                out.missing(s, "files", x.filesPa(), y.filesPa(), "0x" + Long.toHexString(x.filesPa()),
                        "0x" + Long.toHexString(y.filesPa()));
            }
            return;
        }
        LuoAbiProfile p = a.layout().profile();
        AbiStruct file = p.layout().struct("luo_file_ser");
        if (a.ser() != null) {
            chain(FILE_CHAIN, " (session " + i + ")", x.filesPa(), y.filesPa(), file, Map.of("data", CField.Role.ADDRESS));
        } else {
            List<CField> f = new ArrayList<>();
            for (int j = 0; j < Math.max(x.count(), y.count()); j++) {
                f.addAll(CField.of(file, "luo_file_ser[" + j + "].", j * file.size(), Map.of("data", CField.Role.ADDRESS)));
            }
            long len = (long) p.filePages() << 12;
            StructCompare.compare(out, s, x.filesPa(), a.bytes(x.filesPa(), len, s), y.filesPa(),
                    b.bytes(y.filesPa(), len, s), f);
        }
        for (int j = 0; j < Math.min(x.files().size(), y.files().size()); j++) {
            LuoSessionBlock.Memfd ma = x.files().get(j).memfd();
            LuoSessionBlock.Memfd mb = y.files().get(j).memfd();
            if (ma != null && mb != null) {
                memfd("session " + i + " file " + j, ma, mb);
            }
        }
    }

    private void memfd(String which, LuoSessionBlock.Memfd x, LuoSessionBlock.Memfd y) {
        String s = MEMFD + " (" + which + ")";
        AbiStruct ser = a.layout().profile().layout().struct(MEMFD);
        List<CField> f = CField.of(ser, "", 0, Map.of("folios.first", CField.Role.ADDRESS));
        // a memfd_luo_ser on a page of its own: the rest of that page is compared too
        long len = (x.pa() & 0xfff) == 0 && (y.pa() & 0xfff) == 0 ? 4096 : ser.size();
        StructCompare.compare(out, s, x.pa(), a.bytes(x.pa(), len, s), y.pa(), b.bytes(y.pa(), len, s), f);
        vmalloc(which, x, y);
        out.add(new Finding(CONTENT + " (" + which + ")", "sha256", 0, 0, x.pa(), y.pa(), x.sha256(), y.sha256(),
                x.sha256().equals(y.sha256()) ? Finding.Kind.EQUAL : Finding.Kind.DIFFERENT,
                x.sha256().equals(y.sha256()) ? "" : "value"));
    }

    /** The chunk list of the folio array's kho_vmalloc, then the array's pieces. */
    private void vmalloc(String which, LuoSessionBlock.Memfd x, LuoSessionBlock.Memfd y) {
        KhoVmalloc va = x.ser().folios();
        KhoVmalloc vb = y.ser().folios();
        if (x.ser().nrFolios() == 0 || y.ser().nrFolios() == 0) {
            return;
        }
        int folios = a.layout().profile().layout().struct(MEMFD).offset("folios");
        List<Long> pa = VmallocReader.pieces(a.r(), va, MEMFD + ".folios", x.pa() + folios);
        List<Long> pb = VmallocReader.pieces(b.r(), vb, MEMFD + ".folios", y.pa() + folios);
        long ca = va.first();
        long cb = vb.first();
        // the readers above have checked both chains (aligned, in RAM, no loop) up to the pieces they need
        long chunks = (Math.max(pa.size(), pb.size()) + VmallocReader.CHUNK_ENTRIES - 1) / VmallocReader.CHUNK_ENTRIES;
        for (int k = 0; ca != 0 && cb != 0 && k < chunks; k++) {
            String s = VMALLOC_CHUNK + "[" + k + "] (" + which + ")";
            List<CField> f = new ArrayList<>(List.of(CField.address("next", 0, 8)));
            for (int i = 0; i < VmallocReader.CHUNK_ENTRIES; i++) {
                f.add(CField.address("phys[" + i + "]", 8 + 8 * i, 8));
            }
            byte[] ba = a.bytes(ca, 4096, s);
            byte[] bb = b.bytes(cb, 4096, s);
            StructCompare.compare(out, s, ca, ba, cb, bb, f);
            ca = StructCompare.u64(java.util.Arrays.copyOf(ba, 8));
            cb = StructCompare.u64(java.util.Arrays.copyOf(bb, 8));
        }
        int order = va.order() & 0xffff;
        long piece = 4096L << order;
        AbiStruct folio = a.layout().profile().layout().struct("memfd_luo_folio_ser");
        int perPiece = (int) (piece / folio.size());
        for (int k = 0; k < Math.min(pa.size(), pb.size()); k++) {
            String s = FOLIO_ARRAY + "[" + k + "] (" + which + ")";
            List<CField> f = new ArrayList<>();
            long n = Math.max(x.ser().nrFolios(), y.ser().nrFolios());
            for (int i = 0; i < perPiece && (long) k * perPiece + i < n; i++) {
                f.addAll(CField.of(folio, "memfd_luo_folio_ser[" + ((long) k * perPiece + i) + "].", i * folio.size(),
                        Map.of("pfn_flags", CField.Role.PFN_FLAGS)));
            }
            StructCompare.compare(out, s, pa.get(k), a.bytes(pa.get(k), piece, s), pb.get(k),
                    b.bytes(pb.get(k), piece, s), f);
        }
    }

    /** The kho-v1 chunk page and what its fields' bytes mean (positions from the table). */
    private static final AbiStruct CHUNK = KhoV1Layout.KHOSER_MEM_CHUNK;
    private static final Map<String, CField.Role> CHUNK_ROLES = Map.of("hdr.next", CField.Role.ADDRESS,
            "phys_start", CField.Role.PHYS, "bitmap", CField.Role.ADDRESS);

    static final List<CField> SETUP_DATA = List.of(CField.address("next", SetupData.OFF_NEXT, 8),
            CField.value("type", SetupData.OFF_TYPE, 4), CField.value("len", SetupData.OFF_LEN, 4));
    static final List<CField> KHO_DATA_FIELDS = CField.of(KhoData.STRUCT, "", 0,
            Map.of("fdt_addr", CField.Role.ADDRESS, "scratch_addr", CField.Role.ADDRESS));
    static final List<CField> SCRATCH = List.of(CField.address("addr", KhoScratch.OFF_ADDR, 8),
            CField.value("size", KhoScratch.OFF_SIZE, 8));
}
