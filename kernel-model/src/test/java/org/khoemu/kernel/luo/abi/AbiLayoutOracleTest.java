// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiConstant;
import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every profile's layout table equals what gcc says about C headers written separately from the
 * ABI reference ({@code src/test/c/abi}, built by the pom into {@code target/abi-oracle}): each
 * struct's {@code sizeof}, each field's {@code offsetof} and size, and every named constant. The
 * two sides must list the same facts, so a field missing on either side fails too.
 */
public class AbiLayoutOracleTest {
    private static final Path ORACLES = Path.of("target", "abi-oracle");

    @TestFactory
    Stream<DynamicTest> everyProfileEqualsGcc() {
        return LuoAbiProfiles.all().stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            Path exe = ORACLES.resolve(p.name());
            assertTrue(Files.isExecutable(exe), "no oracle program " + exe + " (src/test/c/abi/" + p.name() + ".c)");
            assertEquals(String.join("\n", new TreeSet<>(run(exe))), String.join("\n", facts(p.layout())));
        }));
    }

    /** The table in the oracle's line format, sorted. */
    public static TreeSet<String> facts(AbiLayout l) {
        TreeSet<String> out = new TreeSet<>();
        for (AbiStruct s : l.structs()) {
            out.add("struct " + s.name() + " " + s.size());
            fields(s, s.name(), "", 0, out);
        }
        for (AbiConstant c : l.constants()) {
            out.add(c.isText() ? "text " + c.name() + " " + c.text() : "number " + c.name() + " " + c.number());
        }
        return out;
    }

    private static void fields(AbiStruct s, String top, String prefix, int base, TreeSet<String> out) {
        for (AbiField f : s.fields()) {
            out.add("field " + top + " " + prefix + f.name() + " " + (base + f.offset()) + " " + f.size());
            if (f.member() != null && !f.type().endsWith("]")) {
                fields(f.member(), top, prefix + f.name() + ".", base + f.offset(), out);
            }
        }
    }

    private static List<String> run(Path exe) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(exe.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), text);
        return new ArrayList<>(text.lines().toList());
    }
}
