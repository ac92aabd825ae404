// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.abi;

import org.khoemu.emu.dump.DumpOptions;
import org.khoemu.emu.dump.HandoverFiles;
import org.khoemu.emu.dump.LoadedHandover;
import org.khoemu.fdt.DtsPrinter;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.InspectionPrinter;
import org.khoemu.inspect.LuoSessionBlock;
import org.khoemu.kernel.kho.block.KhoBlockLayout;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.scenario.AtomicFiles;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.RunReport;
import org.khoemu.scenario.ScenarioConfig;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code khoemu abi golden}: the handover of one fixed, seeded live update cut into its ABI
 * pieces (the KHO FDT, the LUO FDT, the session block, each session's file array) as separate
 * {@code .bin} files, with the FDTs as DTS and an annotated hexdump of the whole chain. The same
 * profile always gives the same bytes, so the committed copies pin every layout change.
 */
public final class GoldenImages {
    /** The fixed scenario: small, but with sessions, files, folios and two orders in the map. */
    public static ScenarioConfig scenario(LuoAbiProfile p, Path out) {
        return new ScenarioConfig(3, 2, 12 << 10, 256L << 20, 11, 1, out, p);
    }

    private GoldenImages() {
    }

    /** Writes the pieces into {@code dir} and returns their file names, in writing order. */
    public static List<String> write(LuoAbiProfile p, Path dir) {
        return ScratchRun.in("khoemu-golden", work -> {
            RunReport r = new LiveUpdateScenario(scenario(p, work), new PrintWriter(Writer.nullWriter()), false).run();
            if (!r.ok()) {
                throw new IllegalStateException("the golden scenario failed: " + r.failureLine());
            }
            try (LoadedHandover h = HandoverFiles.open(work.resolve(LiveUpdateScenario.IMAGE), DumpOptions.NONE)) {
                return cut(h, p, dir);
            }
        });
    }

    private static List<String> cut(LoadedHandover h, LuoAbiProfile p, Path dir) {
        var mem = h.machine().mem();
        HandoverInspection in = HandoverInspection.decode(mem, h.bootParams(), p);
        AtomicFiles.createDirectories(dir);
        List<String> names = new ArrayList<>();
        fdt(dir, "kho-fdt", in.kho(), names);
        LuoSessionBlock s = in.sessions();
        if (in.ser() != null) {
            // luo-v5: the raw luo_ser blob, then every kho_block of each chain in chain order
            put(dir, "luo-ser.bin", mem.read(in.ser().pa(), (int) in.ser().size()), names);
            chain(dir, "session-block", mem, s.pa(), names);
            for (LuoSessionBlock.Session se : s.sessions()) {
                chain(dir, "files-" + se.index(), mem, se.filesPa(), names);
            }
        } else {
            fdt(dir, "luo-fdt", in.luo(), names);
            put(dir, "session-block.bin", mem.read(s.pa(), p.sessionBlockPages() << 12), names);
            for (LuoSessionBlock.Session se : s.sessions()) {
                if (se.filesPa() != 0) {
                    put(dir, "files-" + se.index() + ".bin", mem.read(se.filesPa(), p.filePages() << 12), names);
                }
            }
        }
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            new InspectionPrinter(w, mem, true).print(in);
        }
        AtomicFiles.writeString(dir.resolve("annotated.txt"), text.toString());
        names.add("annotated.txt");
        return names;
    }

    /** {@code NAME-B.bin} for block B of the (already checked) chain at {@code head}. */
    private static void chain(Path dir, String name, PhysMem mem, long head, List<String> names) {
        int b = 0;
        for (long blk = head; blk != 0; blk = mem.read64(blk + KhoBlockLayout.OFF_NEXT)) {
            put(dir, name + "-" + b++ + ".bin", mem.read(blk, KhoBlockLayout.KHO_BLOCK_SIZE), names);
        }
    }

    private static void fdt(Path dir, String name, FdtBlob blob, List<String> names) {
        put(dir, name + ".bin", blob.bytes(), names);
        AtomicFiles.writeString(dir.resolve(name + ".dts"), DtsPrinter.print(blob.fdt()));
        names.add(name + ".dts");
    }

    private static void put(Path dir, String name, byte[] bytes, List<String> names) {
        AtomicFiles.write(dir.resolve(name), bytes);
        names.add(name);
    }
}
