// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.emu.Machine;
import org.khoemu.emu.image.RamImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code khoemu compare} between the real Linux 6.19.6 capture and khoemu's own run of the same
 * workload ({@code run --abi v6.19 --sessions 3 --files-per-session 1 --seed 1}): the KHO FDT
 * page, the LUO FDT page, the session block, the file arrays, memfd_luo_ser, the kho_vmalloc
 * chunks and the folio arrays differ in addresses only. A planted change is named with its
 * offset, and a session entry moved by one byte is a difference.
 */
class RealCaptureCompareTest {
    /** The structures the capture's README found equal to khoemu's apart from addresses. */
    static final List<String> ADDRESS_ONLY = List.of("KHO FDT", "LUO FDT", "luo_session block", "luo_file_ser array",
            "memfd_luo_ser", "kho_vmalloc chunk", "memfd_luo_folio_ser array", "memfd content");

    @TempDir
    static Path out;
    static Path image;

    @BeforeAll
    static void runTheSameWorkload() {
        var r = RealCapture.khoemu("run", "--abi", "v6.19", "--sessions", "3", "--files-per-session", "1", "--seed", "1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        image = out.resolve("handover.img");
    }

    static JsonObject compare(Path a, Path b) {
        var r = RealCapture.khoemu("compare", "--json", a.toString(), b.toString());
        assertTrue(r.err().isEmpty(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(o.get("different").getAsInt() == 0 ? 0 : 1, r.code(), "exit status follows the verdict");
        return o;
    }

    /** Every field of the structures whose name starts with one of {@code prefixes}. */
    static List<JsonObject> fields(JsonObject report, List<String> prefixes) {
        List<JsonObject> fs = new ArrayList<>();
        for (JsonElement s : report.getAsJsonArray("structures")) {
            String name = s.getAsJsonObject().get("name").getAsString();
            if (prefixes.stream().anyMatch(name::startsWith)) {
                for (JsonElement f : s.getAsJsonObject().getAsJsonArray("fields")) {
                    JsonObject fo = f.getAsJsonObject().deepCopy();
                    fo.addProperty("structure", name);
                    fs.add(fo);
                }
            }
        }
        return fs;
    }

    static long count(List<JsonObject> fs, String verdict) {
        return fs.stream().filter(f -> f.get("verdict").getAsString().equals(verdict)).count();
    }

    @Test
    void captureAndKhoemuDifferInAddressesOnly() {
        JsonObject r = compare(RealCapture.pages(), image);
        List<JsonObject> fs = fields(r, ADDRESS_ONLY);
        List<JsonObject> different = fs.stream().filter(f -> f.get("verdict").getAsString().equals("different")).toList();
        assertEquals(List.of(), different, "real differences in the LUO/KHO structures");
        for (String s : ADDRESS_ONLY) {
            assertTrue(fs.stream().anyMatch(f -> f.get("structure").getAsString().startsWith(s)), "walked " + s);
        }
        // 3 sessions x (files pointer, file data, folios.first, vmalloc phys[0], 16 folio pfns) + 3 FDT pointers
        assertEquals(3 * (4 + 16) + 3, count(fs, "address-only"));
        assertTrue(count(fs, "equal") > 1500, "every byte of the pages was compared: " + count(fs, "equal"));
        assertEquals(3, fs.stream().filter(f -> f.get("field").getAsString().equals("sha256")
                && f.get("verdict").getAsString().equals("equal")).count(), "memfd contents equal");
    }

    /**
     * The boot chain as the real loader builds it: QEMU's e820 map for 1 GiB, the loader id and
     * the image placement fields equal the capture's; setup_data and kho_data differ in
     * addresses only; what the real loader copies from kernel A's boot_params is named.
     */
    @Test
    void bootChainFollowsTheRealLoader() {
        JsonObject r = compare(RealCapture.pages(), image);
        List<JsonObject> bp = fields(r, List.of("boot_params"));
        for (String name : List.of("e820_entries", "hdr.type_of_loader", "hdr.code32_start", "hdr.kernel_alignment",
                "hdr.relocatable_kernel", "hdr.pref_address", "hdr.version", "hdr.cmdline_size")) {
            JsonObject f = bp.stream().filter(x -> x.get("field").getAsString().equals(name)).findFirst().orElseThrow();
            assertEquals("equal", f.get("verdict").getAsString(), f.toString());
        }
        long e820 = bp.stream().filter(x -> x.get("field").getAsString().startsWith("e820_table[")).count();
        assertEquals(7 * 3, e820);
        assertEquals(e820, bp.stream().filter(x -> x.get("field").getAsString().startsWith("e820_table[")
                && x.get("verdict").getAsString().equals("equal")).count(), "QEMU's seven entries");
        assertTrue(bp.stream().anyMatch(x -> x.get("field").getAsString().equals("bytes +0x70..+0x73 in acpi_rsdp_addr")
                && x.get("a").getAsString().equals("d0590f")), bp.toString());
        assertEquals(List.of(), fields(r, List.of("setup_data", "kho_data")).stream()
                .filter(f -> f.get("verdict").getAsString().equals("different")).toList());
    }

    /** A session entry written one byte later than the v6.19 layout says is not an address difference. */
    @Test
    void aSessionEntryMovedByOneByteIsADifference() throws IOException {
        Path moved = variant("moved.img", m -> {
            long entry = blockPa(m) + 8; // luo_session_ser[0], after the 8-byte v6.19 header
            byte[] e = m.mem().read(entry, 80);
            m.mem().write8(entry, (byte) 0);
            m.mem().write(entry + 1, e, 0, 80);
        });
        JsonObject r = compare(RealCapture.pages(), moved);
        List<JsonObject> block = fields(r, List.of("luo_session block"));
        List<String> different = block.stream().filter(f -> f.get("verdict").getAsString().equals("different"))
                .map(f -> f.get("field").getAsString() + " " + f.get("offset").getAsString()).toList();
        assertTrue(different.containsAll(List.of("luo_session_ser[0].name 0x8", "luo_session_ser[0].file_set_ser.files 0x48",
                "luo_session_ser[0].file_set_ser.count 0x50")), different.toString());
        assertTrue(different.contains("sessions (not followed) 0x0"), different.toString());
    }

    @Test
    void aPlantedTokenIsNamedWithItsOffset() throws IOException {
        Path planted = variant("planted.img", m -> {
            long files = m.mem().read64(blockPa(m) + 8 + 80 + 64); // session 1's file_set_ser.files (v6.19 layout)
            m.mem().write64(files + 56, 0x10000100001L);           // luo_file_ser[0].token
        });
        JsonObject r = compare(image, planted);
        List<JsonObject> different = fields(r, List.of("")).stream()
                .filter(f -> f.get("verdict").getAsString().equals("different")).toList();
        assertEquals(1, different.size(), different.toString());
        JsonObject d = different.get(0);
        assertEquals("luo_file_ser array (session 1)", d.get("structure").getAsString());
        assertEquals("luo_file_ser[0].token", d.get("field").getAsString());
        assertEquals("0x38", d.get("offset").getAsString());
        assertEquals("0x10000100000", d.get("a").getAsString());
        assertEquals("0x10000100001", d.get("b").getAsString());
        assertEquals("value", d.get("what").getAsString());
        assertEquals(0, r.get("addressOnly").getAsInt(), "the same image: no address differs");
    }

    @Test
    void textReportNamesTheDifferenceAndTheVerdict() throws IOException {
        Path planted = variant("planted-text.img", m -> m.mem().write64(m.mem().read64(blockPa(m) + 8 + 64) + 56, 7));
        var r = RealCapture.khoemu("compare", image.toString(), planted.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("\nluo_file_ser array (session 0)  A 0x"), r.out());
        assertTrue(r.out().matches("(?s).*\n  ! luo_file_ser\\[0\\]\\.token +\\+0x38 +0x10000000000 \\| 0x7  different \\(value\\)\n.*"),
                r.out());
        assertTrue(r.out().endsWith("DIFFERENT: 1 real difference(s)\n"), r.out());
    }

    /** khoemu's seed-v6 run against the real v6.19 kernel: the session block's layout differs, and the compatible. */
    @Test
    void anotherGenerationIsALayoutDifference() {
        Path seed = out.resolve("seed");
        var run = RealCapture.khoemu("run", "--abi", "seed-v6", "--sessions", "3", "--files-per-session", "1", "--seed", "1",
                "--out", seed.toString());
        assertEquals(0, run.code(), run.err());
        JsonObject r = compare(RealCapture.pages(), seed.resolve("handover.img"));
        List<String> different = fields(r, List.of("LUO FDT", "luo_session block")).stream()
                .filter(f -> f.get("verdict").getAsString().equals("different"))
                .map(f -> f.get("structure").getAsString() + ": " + f.get("field").getAsString() + " "
                        + f.get("a").getAsString() + " | " + f.get("b").getAsString() + " (" + f.get("what").getAsString() + ")")
                .toList();
        assertEquals(List.of("LUO FDT: /luo-session compatible \"luo-session-v2\" | \"luo-session-v1\" (value)",
                "luo_session block: layout luo-session-v2 | luo-session-v1 (layout)"), different);
    }

    static long blockPa(Machine m) {
        JsonObject a = report().getAsJsonObject("addresses");
        return Long.decode(a.get("session_block").getAsString());
    }

    static JsonObject report() {
        try {
            JsonObject r = JsonParser.parseString(java.nio.file.Files.readString(out.resolve("report.json"))).getAsJsonObject();
            return r.getAsJsonArray("updates").get(0).getAsJsonObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** khoemu's image with {@code change} applied to its RAM, saved as a new image. */
    static Path variant(String name, Consumer<Machine> change) {
        RamImage.Loaded l = RamImage.load(image);
        try (Machine m = l.machine()) {
            change.accept(m);
            Path p = out.resolve(name);
            RamImage.save(m, p, l.sidecar().abiProfile(), Map.of());
            return p;
        }
    }
}
