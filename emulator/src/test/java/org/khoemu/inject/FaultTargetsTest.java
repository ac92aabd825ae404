// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The campaign's targets against oracles that do not share its code: dtc's {@code fdtget} on the
 * FDTs the clean run saved (every property of every node, every property name in the strings
 * block), the saved sidecar's firmware map (one e820 entry per map entry), and the scenario's
 * own shape (2 sessions of 2 memfds of 12 KiB: 12 folios, each a data word and a folio record).
 */
class FaultTargetsTest {
    @TempDir
    static Path dir;
    static Campaign campaign;
    static Set<String> names;

    @BeforeAll
    static void prepare() {
        campaign = Campaign.prepare("all", LuoAbiProfiles.byName("seed-v6"), dir);
        names = campaign.targets().stream().map(Target::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @AfterAll
    static void close() {
        campaign.close();
    }

    static List<String> fdtget(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("fdtget"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** "node:prop" for every property of every node, as fdtget lists them. */
    static void walk(Path dtb, String node, Set<String> props) throws Exception {
        for (String p : fdtget("-p", dtb.toString(), node)) {
            props.add(node + ":" + p);
        }
        for (String child : fdtget("-l", dtb.toString(), node)) {
            walk(dtb, (node.equals("/") ? "" : node) + "/" + child, props);
        }
    }

    @Test
    void everyFdtPropertyAndStringIsATargetAsFdtgetListsThem() throws Exception {
        for (String which : List.of("kho", "luo")) {
            Path dtb = dir.resolve(which + ".dtb");
            Set<String> props = new TreeSet<>();
            walk(dtb, "/", props);
            Set<String> want = props.stream().map(p -> "fdt-prop:" + which + ":" + p).collect(Collectors.toCollection(TreeSet::new));
            Set<String> got = names.stream().filter(n -> n.startsWith("fdt-prop:" + which + ":"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(want, got);
            Set<String> strings = props.stream().map(p -> "fdt-string:" + which + ":" + p.substring(p.lastIndexOf(':') + 1))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(strings, names.stream().filter(n -> n.startsWith("fdt-string:" + which + ":"))
                    .collect(Collectors.toCollection(TreeSet::new)));
            Target total = campaign.targets().stream().filter(t -> t.name().equals("fdt-header:" + which + ".totalsize"))
                    .findFirst().orElseThrow();
            assertEquals(Files.size(dtb), Integer.toUnsignedLong(Integer.reverseBytes(
                    (int) Mutation.decode(Target.plain("le", "x", 0, 4, Target.Kind.NUMBER, false),
                            readTarget(total)))));
            assertEquals(10, names.stream().filter(n -> n.startsWith("fdt-header:" + which + ".")).count());
        }
    }

    static byte[] readTarget(Target t) throws IOException {
        byte[] img = new byte[t.size()];
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("handover.img"))) {
            ch.read(java.nio.ByteBuffer.wrap(img), t.pa());
        }
        return img;
    }

    @Test
    void bootTargetsFollowTheFirmwareMapAndTheScenariosShape() throws Exception {
        int map = JsonParser.parseString(Files.readString(dir.resolve("handover.img.json"))).getAsJsonObject()
                .getAsJsonArray("memoryMap").size();
        assertEquals(3L * map, names.stream().filter(n -> n.startsWith("boot_params.e820_table[")).count());
        assertEquals(12, names.stream().filter(n -> n.startsWith("data[")).count());
        assertEquals(24, names.stream().filter(n -> n.startsWith("memfd_luo_folio_ser[")).count());
        assertTrue(names.contains("setup_data[0].next") && names.contains("kho_data.fdt_addr")
                && names.contains("kho_scratch[0].addr"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("kho_mem_phys_bits[0][0].word[")), names.toString());
        for (Target t : campaign.targets()) {
            assertTrue(FaultTargets.CLASSES.contains(t.cls()), t.toString());
        }
        // kernel B's restore allocates pages: the alloc target has at least one to fail
        Target alloc = campaign.targets().stream().filter(t -> t.name().equals("alloc")).findFirst().orElseThrow();
        assertTrue(alloc.max() >= 1, alloc.toString());
    }

    @Test
    void countsCarryTheLayoutsBoundariesAndLinksTheirOwnStruct() {
        Target count = campaign.targets().stream().filter(t -> t.name().equals("luo_session_header_ser.count")).findFirst()
                .orElseThrow();
        // seed-v6: (16 pages - 16-byte header) / 80-byte entries = 819; a page further: 871 entries
        assertEquals(819, count.max());
        assertEquals(871, count.past());
        Target next = campaign.targets().stream().filter(t -> t.name().equals("khoser_mem_chunk[0].hdr.next")).findFirst()
                .orElseThrow();
        assertEquals(Target.Kind.LINK, next.kind());
        assertEquals(next.pa(), next.self()); // next is the chunk's first field
        Target name = campaign.targets().stream().filter(t -> t.name().equals("luo_session_ser[0].name")).findFirst()
                .orElseThrow();
        assertEquals(80, name.sibling() - name.pa()); // session 1's name, one 80-byte entry further
    }
}
