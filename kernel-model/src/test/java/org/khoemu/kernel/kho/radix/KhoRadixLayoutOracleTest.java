// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho.radix;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.luo.abi.AbiLayoutOracleTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kho-v2+ layout table equals what gcc computes from {@code src/test/c/abi/kho_radix.h}. */
class KhoRadixLayoutOracleTest {
    private static final Path ORACLE = Path.of("target", "kho-radix-oracle", "kho_radix_layout");

    @Test
    void tableEqualsGcc() throws Exception {
        assertTrue(Files.isExecutable(ORACLE), "no oracle program " + ORACLE);
        Process p = new ProcessBuilder(ORACLE.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        assertEquals(String.join("\n", new TreeSet<>(text.lines().toList())),
                String.join("\n", AbiLayoutOracleTest.facts(KhoRadixLayout.LAYOUT)));
        assertEquals(6, KhoRadixKey.MAX_DEPTH);
        assertEquals(52, KhoRadixKey.ORDER_0_LOG2);
    }
}
