// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generator of the committed files in {@code src/test/resources/malformed/}: each is the
 * golden LUO blob ({@code golden/luo-seed.dtb}) with one defect, named after it. Regenerate
 * after {@code mvn -o -pl fdt test-compile} with
 * {@code java -cp fdt/target/classes:fdt/target/test-classes:$HOME/.m2/repository/net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar
 * org.khoemu.fdt.MalformedBlobs fdt/src/test/resources/malformed}
 * ({@link MalformedBlobTest} fails if the committed files drift from this table).
 *
 * <p>Golden layout used below: header 0x00, reserve map 0x30, structure block 0x40..0xbc
 * (root BEGIN_NODE 0x40; FDT_PROP compatible 0x48, liveupdate-number 0x5c; BEGIN_NODE
 * luo-session 0x70 with its name at 0x74; FDT_PROP compatible 0x80, luo-session-header 0x9c;
 * END_NODE 0xb0, 0xb4; END 0xb8), strings block 0xbc..0xec.
 */
final class MalformedBlobs {
    private MalformedBlobs() {
    }

    /** File name → the defective bytes. */
    static Map<String, byte[]> all() {
        byte[] g = TestBlobs.resource("golden/luo-seed.dtb");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("empty-file.dtb", new byte[0]);
        m.put("truncated-header.dtb", Arrays.copyOf(g, 20));
        m.put("bad-magic.dtb", edit(g, b -> putInt(b, 0x00, 0xd00dfeee)));
        m.put("bad-version.dtb", edit(g, b -> putInt(b, 0x14, 1)));
        m.put("last-comp-version-too-new.dtb", edit(g, b -> putInt(b, 0x18, 18)));
        m.put("totalsize-beyond-buffer.dtb", edit(g, b -> putInt(b, 0x04, 0x1000)));
        m.put("totalsize-smaller-than-header.dtb", edit(g, b -> putInt(b, 0x04, 0x20)));
        m.put("truncated-blob.dtb", Arrays.copyOf(g, 0xc0));
        m.put("struct-offset-out-of-range.dtb", edit(g, b -> putInt(b, 0x08, 0x200)));
        m.put("struct-offset-inside-header.dtb", edit(g, b -> putInt(b, 0x08, 0x10)));
        m.put("struct-size-past-end.dtb", edit(g, b -> putInt(b, 0x24, 0x100)));
        m.put("struct-offset-wraps-32-bits.dtb", edit(g, b -> putInt(b, 0x08, 0xffff_ff00)));
        m.put("strings-block-past-end.dtb", edit(g, b -> putInt(b, 0x20, 0x40)));
        m.put("rsvmap-offset-out-of-range.dtb", edit(g, b -> putInt(b, 0x10, 0x1000)));
        m.put("rsvmap-unterminated.dtb", edit(g, b -> putInt(b, 0x10, 0x44)));
        m.put("unterminated-node-name.dtb", edit(g, b -> Arrays.fill(b, 0x74, 0xbc, (byte) 'a')));
        m.put("unterminated-string-in-strings-block.dtb", edit(g, b -> b[0xeb] = 'x'));
        m.put("property-length-past-end.dtb", edit(g, b -> putInt(b, 0xa0, 0x1000)));
        m.put("property-length-negative.dtb", edit(g, b -> putInt(b, 0xa0, 0xffff_fff8)));
        m.put("bad-tag.dtb", edit(g, b -> putInt(b, 0x5c, 7)));
        m.put("nameoff-out-of-range.dtb", edit(g, b -> putInt(b, 0x64, 0x100)));
        m.put("nameoff-negative.dtb", edit(g, b -> putInt(b, 0x64, 0xffff_fff0)));
        m.put("missing-end-tag.dtb", edit(g, b -> putInt(b, 0xb8, 4)));
        m.put("unclosed-node.dtb", edit(g, b -> putInt(b, 0xb4, 4)));
        m.put("extra-end-node.dtb", edit(g, b -> putInt(b, 0xb8, 2)));
        m.put("root-begin-node-missing.dtb", edit(g, b -> putInt(b, 0x40, 4)));
        // libfdt's writer does not track nesting, so these two come straight from raw libfdt calls
        m.put("property-before-root.dtb", rawLibfdt(f -> {
            LibFdt.fdt_property(f, "p", new byte[4], 4);
            LibFdt.fdt_begin_node(f, "");
            LibFdt.fdt_end_node(f);
        }));
        m.put("second-root-node.dtb", rawLibfdt(f -> {
            LibFdt.fdt_begin_node(f, "");
            LibFdt.fdt_end_node(f);
            LibFdt.fdt_begin_node(f, "again");
            LibFdt.fdt_end_node(f);
        }));
        return m;
    }

    private static byte[] edit(byte[] golden, java.util.function.Consumer<byte[]> defect) {
        byte[] b = golden.clone();
        defect.accept(b);
        return b;
    }

    private static byte[] rawLibfdt(java.util.function.Consumer<Memory> body) {
        Memory f = new Memory(512);
        LibFdt.fdt_create(f, 512);
        LibFdt.fdt_finish_reservemap(f);
        body.accept(f);
        LibFdt.fdt_finish(f);
        return f.getByteArray(0, FdtHeader.readFrom(f).totalsize());
    }

    private static void putInt(byte[] b, int off, int v) {
        ByteBuffer.wrap(b).putInt(off, v);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

}
