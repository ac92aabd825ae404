// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.emu.Machine;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.image.ImageException;
import org.khoemu.emu.image.ImageSidecar;
import org.khoemu.emu.image.RamImage;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way into a handover file, for every command that reads one: a khoemu image (its
 * sidecar {@code IMAGE.json} beside it), a capture's page file ({@code *.pages}, with
 * {@code capture.json} beside it or {@code --ram}/{@code --rsi}), QEMU's
 * {@code dump-guest-memory} ELF core, or a raw {@code pmemsave} RAM file. The ABI profile is
 * {@code --abi}, else the sidecar's, else the one the LUO FDT's compatible strings name.
 */
public final class HandoverFiles {
    private HandoverFiles() {
    }

    public static LoadedHandover open(Path path, DumpOptions o) {
        if (!Files.isRegularFile(path)) {
            throw new DumpException("RAM image " + path + " does not exist or is not a regular file");
        }
        if (o.rsi() != 0 && o.khoFdt() != 0) {
            throw new DumpException(path + ": give --rsi or --kho-fdt, not both");
        }
        if (Files.exists(RamImage.sidecarOf(path))) {
            return fromImage(path, o);
        }
        long size;
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            head = in.readNBytes(64);
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        }
        RamDump d;
        boolean khoDefault = false;
        if (ElfCore.looksLike(head)) {
            d = ElfCore.open(path, size, o.ramBytes());
        } else if (path.getFileName().toString().endsWith(".pages")
                || (PagesFile.looksLike(head, size) && size % PageCopy.PAGE != 0)) {
            CaptureJson c = CaptureJson.besides(path);
            long ram = o.ramBytes() != 0 ? o.ramBytes() : c == null ? 0 : c.ramBytes();
            if (ram == 0) {
                throw new DumpException(path + ": a page file holds no RAM size: give --ram (or put its "
                        + CaptureJson.NAME + " beside it)");
            }
            khoDefault = c != null && c.khoDefaultOn();
            d = PagesFile.open(path, size, ram, c == null ? Map.of() : c.registers());
        } else {
            d = RawRamFile.open(path, size, o.ramBytes());
        }
        return fromDump(path, d, o, khoDefault);
    }

    private static LoadedHandover fromImage(Path path, DumpOptions o) {
        RamImage.Loaded l = RamImage.load(path, o.acceptModified());
        try {
            ImageSidecar sc = l.sidecar();
            Map<X86Reg, Long> regs = sc.registers();
            long bp = o.khoFdt() != 0 ? 0 : o.rsi() != 0 ? o.rsi() : regs.getOrDefault(X86Reg.RSI, 0L);
            if (bp == 0 && o.khoFdt() == 0) {
                throw new ImageException(path + ": the sidecar's RSI is 0, so the image holds no boot_params "
                        + "(was it saved at a kernel entry?)");
            }
            LuoAbiProfile p;
            String from;
            if (o.abi() != null) {
                p = byName(o.abi());
                from = "--abi";
            } else if (sc.abiProfile() == null || sc.abiProfile().isBlank()) {
                p = LuoAbiProfiles.DEFAULT;
                from = "default (the sidecar names none)";
            } else {
                try {
                    p = LuoAbiProfiles.byName(sc.abiProfile());
                } catch (IllegalArgumentException e) {
                    throw new ImageException(RamImage.sidecarOf(path) + ": abiProfile '" + sc.abiProfile()
                            + "' is none of " + known());
                }
                from = "sidecar";
            }
            List<String> notes = new ArrayList<>();
            sc.edits().forEach(e -> notes.add(e.describe()));
            if (l.unrecordedChange() != null) {
                notes.add("modified outside poke, accepted by --accept-modified: " + l.unrecordedChange());
            }
            return new LoadedHandover(path, "khoemu RAM image", l.machine(), sc.nonZeroPages(), regs, bp, o.khoFdt(),
                    p, from, false, sc, List.copyOf(notes));
        } catch (RuntimeException e) {
            l.machine().close();
            throw e;
        }
    }

    private static LoadedHandover fromDump(Path path, RamDump d, DumpOptions o, boolean khoDefault) {
        long ram = d.ramBytes();
        if (ram < PhysicalMemory.MIN_SIZE || ram > PhysicalMemory.MAX_SIZE || (ram & 4095) != 0) {
            throw new DumpException(String.format("%s: RAM of 0x%x bytes is not a multiple of 4 KiB between 64 MiB "
                    + "and 64 GiB (give --ram)", path, ram));
        }
        Machine m = Machine.create(ram);
        try {
            long pages = d.copyInto(m.mem());
            Map<X86Reg, Long> regs = d.registers();
            m.cpu().setRegisters(regs);
            long bp = o.khoFdt() != 0 ? 0 : o.rsi() != 0 ? o.rsi() : regs.getOrDefault(X86Reg.RSI, 0L);
            if (bp == 0 && o.khoFdt() == 0) {
                throw new DumpException(path + ": " + d.format() + " names no boot_params (no RSI in it): give --rsi ADDR"
                        + " (boot_params) or --kho-fdt ADDR");
            }
            List<String> notes = new ArrayList<>(d.notes());
            LuoAbiProfile p;
            String from;
            if (o.abi() != null) {
                p = byName(o.abi());
                from = "--abi";
            } else {
                AbiInference.Result r = AbiInference.infer(m.mem(), bp, o.khoFdt());
                if (r.profile() != null) {
                    p = r.profile();
                    from = (r.profile().serRoot() != null ? "luo_ser" : "LUO FDT") + " compatible \"" + r.compatible() + "\"";
                } else {
                    p = LuoAbiProfiles.DEFAULT;
                    from = "default";
                    notes.add("no ABI profile could be inferred (" + r.problem() + "); using " + p.name());
                }
            }
            return new LoadedHandover(path, d.format(), m, pages, regs, bp, o.khoFdt(), p, from, khoDefault, null,
                    List.copyOf(notes));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static LuoAbiProfile byName(String name) {
        try {
            return LuoAbiProfiles.byName(name);
        } catch (IllegalArgumentException e) {
            throw new DumpException("--abi '" + name + "' is none of " + known());
        }
    }

    private static String known() {
        return String.join(", ", LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList());
    }
}
