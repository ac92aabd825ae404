// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.PhysicalMemory;
import org.khoemu.emu.dump.DumpOptions;
import org.khoemu.emu.dump.HandoverFiles;
import org.khoemu.emu.dump.LoadedHandover;
import org.khoemu.emu.image.ImageEdit;
import org.khoemu.emu.image.ImageSidecar;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.inspect.HandoverField;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.inspect.ImageFormatException;
import org.khoemu.inspect.XxdFormatter;
import org.khoemu.kernel.abi.AbiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code khoemu poke IMAGE FIELD=VALUE…}: a deliberate fault in a saved handover. Fields are
 * named as the image's ABI table names them and found by walking the handover from
 * boot_params as the inspector does. Every edit goes into the sidecar with its old and new
 * bytes, and the page digest follows, so {@code resume} and {@code inspect} take the image and
 * say what was changed, while a change made behind the sidecar's back is still refused.
 */
@Command(name = "poke", mixinStandardHelpOptions = true,
        description = {"Change fields of a saved handover image by name (as 'khoemu abi layout' names them), single "
                + "bits or raw bytes; print the bytes before and after as xxd does and record each edit in the "
                + "sidecar, so that 'resume' and 'inspect' accept the image and say it was modified.",
                "Exit 2 for a bad field or value, 1 for a file that cannot be read or decoded."})
final class PokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A RAM image written by 'khoemu run' (sidecar IMAGE.json beside it).")
    Path image;

    @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", arity = "0..*",
            description = "e.g. luo_session_header_ser.count=820, luo_session_ser[3].name=\"x\", "
                    + "luo_file_ser[0][1].token=0, memfd_luo_ser[0][0].size=0x10, khoser_mem_chunk[0].hdr.order=3; "
                    + "VALUE: decimal, 0x hex, or a string for a char array (NUL-padded). Or an FDT property, "
                    + "fdt:PATH:PROP=VALUE (0x hex bytes in order, or a quoted string), resized as given: "
                    + "fdt:/LUO/luo-session:luo-session-header=0xdeadbeef.")
    List<String> fields = new ArrayList<>();

    @Option(names = "--flip", paramLabel = "PA:BIT", description = "Flip bit BIT (0-7) of the byte at physical address PA.")
    List<String> flips = new ArrayList<>();

    @Option(names = "--bytes", paramLabel = "PA=HEX", description = "Write the bytes HEX (e.g. deadbeef) at physical address PA.")
    List<String> rawBytes = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the changed copy here (with OUT.json).")
    Path output;

    @Option(names = "--in-place", description = "Change IMAGE itself instead of writing a copy.")
    boolean inPlace;

    /**
     * One change to make: where, what it is called, the new bytes; {@code oldHex}/{@code newHex}
     * what the sidecar records when that is not the bytes themselves (an FDT property's values).
     */
    record Change(String name, long pa, byte[] bytes, String oldHex, String newHex) {
        Change(String name, long pa, byte[] bytes) {
            this(name, pa, bytes, null, null);
        }
    }

    /** Rows shown of a change longer than this are those whose bytes differ. */
    private static final int SHOW_ALL_ROWS = 64;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (fields.isEmpty() && flips.isEmpty() && rawBytes.isEmpty()) {
            err.println("khoemu: poke: nothing to change: give FIELD=VALUE, --flip PA:BIT or --bytes PA=HEX");
            return 2;
        }
        if (inPlace == (output != null)) {
            err.println("khoemu: poke: give either -o OUT or --in-place");
            return 2;
        }
        try (LoadedHandover l = HandoverFiles.open(image, DumpOptions.NONE)) {
            ImageSidecar sc = l.sidecar();
            if (sc == null) {
                err.println("khoemu: poke: " + image + " is a " + l.format() + ", not a khoemu image with a sidecar to "
                        + "record the edit in");
                return 1;
            }
            PhysicalMemory mem = l.machine().mem();
            List<Change> changes;
            try {
                changes = changes(l, mem);
            } catch (BadFieldException e) {
                err.println("khoemu: poke: " + e.getMessage());
                return 2;
            } catch (ImageFormatException e) {
                err.println("khoemu: poke: " + image + ": " + e.getMessage() + " (fields are found by decoding the "
                        + "handover; --bytes PA=HEX and --flip PA:BIT need no decoding)");
                return 1;
            }
            List<ImageEdit> edits = new ArrayList<>(sc.edits());
            for (Change c : changes) {
                byte[] old = new byte[c.bytes().length];
                mem.read(c.pa(), old, 0, old.length);
                out.printf("%s at 0x%x (%d byte%s):%n", c.name(), c.pa(), old.length, old.length == 1 ? "" : "s");
                String before = lines(mem, c.pa(), old.length, c.bytes());
                mem.write(c.pa(), c.bytes(), 0, c.bytes().length);
                out.println("before:");
                out.print(before);
                out.println("after:");
                out.print(lines(mem, c.pa(), old.length, old));
                edits.add(new ImageEdit(c.name(), c.pa(), c.oldHex() != null ? c.oldHex() : HexFormat.of().formatHex(old),
                        c.newHex() != null ? c.newHex() : HexFormat.of().formatHex(c.bytes())));
            }
            Path target = inPlace ? image : output;
            RamImage.save(l.machine(), target, sc.abiProfile(), sc.extra(), edits);
            out.printf("%d edit(s) written to %s (%s records %d)%n", changes.size(), target,
                    RamImage.sidecarOf(target).getFileName(), edits.size());
            return 0;
        }
    }

    /**
     * The xxd lines of the 16-byte rows holding {@code [pa, pa+len)}, offsets being physical
     * addresses; of a long change only the rows that differ from {@code other} (the bytes on the
     * other side of the change).
     */
    private static String lines(PhysicalMemory mem, long pa, int len, byte[] other) {
        long from = pa & ~15L;
        long to = (pa + len + 15) & ~15L;
        byte[] b = new byte[(int) (to - from)];
        mem.read(from, b, 0, b.length);
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < b.length; row += XxdFormatter.BYTES_PER_LINE) {
            boolean differs = len <= SHOW_ALL_ROWS;
            for (int i = row; i < row + XxdFormatter.BYTES_PER_LINE && !differs; i++) {
                long at = from + i - pa;
                differs = at >= 0 && at < len && other[(int) at] != b[i];
            }
            if (differs) {
                sb.append(XxdFormatter.line(from + row, b, row, XxdFormatter.BYTES_PER_LINE)).append('\n');
            }
        }
        return sb.toString();
    }

    private List<Change> changes(LoadedHandover l, PhysicalMemory mem) {
        List<Change> out = new ArrayList<>();
        if (!fields.isEmpty()) {
            HandoverInspection h = HandoverInspection.decode(mem, l.bootParams(), l.profile());
            for (String f : fields) {
                out.add(fieldChange(h, l.profile().layout(), mem, f));
            }
        }
        for (String s : flips) {
            String[] p = s.split(":", -1);
            if (p.length != 2 || !p[1].matches("[0-7]")) {
                throw new BadFieldException("--flip '" + s + "': expected PA:BIT with BIT 0-7");
            }
            long pa = address("--flip", s, p[0], 1, mem);
            byte[] b = new byte[1];
            mem.read(pa, b, 0, 1);
            b[0] ^= (byte) (1 << Integer.parseInt(p[1]));
            out.add(new Change("flip " + s, pa, b));
        }
        for (String s : rawBytes) {
            int eq = s.indexOf('=');
            String hex = eq < 0 ? "" : s.substring(eq + 1);
            if (!hex.matches("([0-9a-fA-F]{2}){1,4096}")) {
                throw new BadFieldException("--bytes '" + s + "': expected PA=HEX with whole bytes, e.g. 0x1000=deadbeef");
            }
            byte[] b = HexFormat.of().parseHex(hex.toLowerCase());
            out.add(new Change("bytes " + s.substring(0, eq), address("--bytes", s, s.substring(0, eq), b.length, mem), b));
        }
        return out;
    }

    /**
     * One {@code FIELD=VALUE} or {@code fdt:PATH:PROP=VALUE} of handover {@code h}: where, and
     * the new bytes ({@code run --fault} changes a live machine with the same words).
     */
    static Change fieldChange(HandoverInspection h, AbiLayout layout, PhysicalMemory mem, String f) {
        if (f.startsWith(PokeFdtProperty.PREFIX)) {
            PokeFdtProperty fp = PokeFdtProperty.of(f, h, layout, mem);
            return new Change(fp.name(), fp.pa(), fp.newBlob(), fp.oldHex(), fp.newHex());
        }
        int eq = f.indexOf('=');
        if (eq < 0) {
            throw new BadFieldException("'" + f + "' is not FIELD=VALUE");
        }
        HandoverField hf = HandoverField.resolve(h, layout, f.substring(0, eq));
        return new Change(hf.name(), hf.pa(), PokeValue.bytes(hf.name(), f.substring(eq + 1), hf.field().size(), hf.isChars()));
    }

    private static long address(String option, String spec, String text, int len, PhysicalMemory mem) {
        long pa = PokeValue.number(option + " '" + spec + "'", text).min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        if (pa > mem.size() - len) {
            throw new BadFieldException(String.format("%s '%s': 0x%x+%d lies outside the 0x%x bytes of RAM",
                    option, spec, pa, len, mem.size()));
        }
        return pa;
    }
}
