// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every committed malformed blob is rejected with a clean FdtException naming the defect's error. */
class MalformedBlobTest {
    /** Expected libfdt error and the check (Java header validation or fdt_check_full) that finds it. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("empty-file.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("truncated-header.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("bad-magic.dtb", "header: FDT_ERR_BADMAGIC"),
            Map.entry("bad-version.dtb", "header: FDT_ERR_BADVERSION"),
            Map.entry("last-comp-version-too-new.dtb", "header: FDT_ERR_BADVERSION"),
            Map.entry("totalsize-beyond-buffer.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("totalsize-smaller-than-header.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("truncated-blob.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("struct-offset-out-of-range.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("struct-offset-inside-header.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("struct-size-past-end.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("struct-offset-wraps-32-bits.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("strings-block-past-end.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("rsvmap-offset-out-of-range.dtb", "header: FDT_ERR_TRUNCATED"),
            Map.entry("rsvmap-unterminated.dtb", "memory reserve map: FDT_ERR_TRUNCATED"),
            Map.entry("unterminated-node-name.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("unterminated-string-in-strings-block.dtb", "fdt_check_full: FDT_ERR_TRUNCATED"),
            Map.entry("property-length-past-end.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("property-length-negative.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("bad-tag.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("nameoff-out-of-range.dtb", "fdt_check_full: FDT_ERR_BADOFFSET"),
            Map.entry("nameoff-negative.dtb", "fdt_check_full: FDT_ERR_BADOFFSET"),
            Map.entry("missing-end-tag.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("unclosed-node.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("extra-end-node.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"),
            Map.entry("root-begin-node-missing.dtb", "structure block: FDT_ERR_BADSTRUCTURE"),
            Map.entry("property-before-root.dtb", "structure block: FDT_ERR_BADSTRUCTURE"),
            Map.entry("second-root-node.dtb", "fdt_check_full: FDT_ERR_BADSTRUCTURE"));

    static Stream<Arguments> files() {
        return EXPECTED.keySet().stream().sorted().map(n -> Arguments.of(n, EXPECTED.get(n)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void fromBytesRejectsIt(String file, String expected) {
        FdtException e = assertThrows(FdtException.class, () -> Fdt.fromBytes(TestBlobs.resource("malformed/" + file)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void wrapUntrustedRejectsItWithoutReadingPastTheBuffer(String file, String expected) {
        byte[] b = TestBlobs.resource("malformed/" + file);
        Memory m = new Memory(b.length + 1L); // +1: Memory cannot be empty; only b.length is offered
        m.write(0, b, 0, b.length);
        FdtException e = assertThrows(FdtException.class, () -> Fdt.wrapUntrusted(Pointer.nativeValue(m), b.length));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void committedFilesAreExactlyWhatTheGeneratorProduces() throws IOException, URISyntaxException {
        Map<String, byte[]> generated = MalformedBlobs.all();
        Path dir = Path.of(Objects.requireNonNull(getClass().getResource("/malformed")).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(new TreeSet<>(generated.keySet()),
                    s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
        }
        for (Map.Entry<String, byte[]> e : generated.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey());
        }
        assertEquals(generated.keySet(), EXPECTED.keySet());
    }
}
