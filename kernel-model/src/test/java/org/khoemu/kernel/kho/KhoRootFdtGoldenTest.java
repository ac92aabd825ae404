// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The root FDT page byte for byte (all 4096 bytes, stale libfdt leftovers included) against
 * {@code golden/kho-root-v1.c}, which runs the kernel's libfdt call sequence in C. The C
 * program links the same Debian libfdt 1.6.1 as the model; that the kernel's bundled libfdt
 * lays out the same bytes is UNVERIFIED (see KhoRootFdt).
 */
class KhoRootFdtGoldenTest {
    static final long ROOT_PA = 0x10000;

    static byte[] resource(String name) {
        try (InputStream in = KhoRootFdtGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The oracle's scenario: kho_init, LUO at 0x1000, kho_test at 0x2000, finalize with map 0x123000. */
    static KhoRootFdt goldenScenario(PhysMem mem) {
        KhoRootFdt root = new KhoRootFdt(mem, ROOT_PA, KhoGenerations.KHO_V1);
        root.setup();
        root.addChild("LUO", 0x1000);
        root.addChild("kho_test", 0x2000);
        root.setMemMap(0x123000);
        return root;
    }

    @Test
    void heapRamPageEqualsTheCOracle() {
        PhysMem mem = new HeapPhysMem(1 << 20);
        assertEquals(0, mem.hostAddress(ROOT_PA, KhoRootFdt.SIZE), "heap RAM takes the scratch-copy path");
        goldenScenario(mem);
        assertArrayEquals(resource("kho-root-v1.page"), mem.read(ROOT_PA, KhoRootFdt.SIZE));
    }

    @Test
    void nativeRamPageEqualsTheCOracle() {
        PhysMem mem = new NativeTestRam(1 << 20);
        assertTrue(mem.hostAddress(ROOT_PA, KhoRootFdt.SIZE) != 0, "native RAM is edited in place");
        KhoRootFdt root = goldenScenario(mem);
        assertArrayEquals(resource("kho-root-v1.page"), mem.read(ROOT_PA, KhoRootFdt.SIZE));
        assertEquals(0x123000, root.memMap());
    }

    @Test
    void removeAfterFinalizeEqualsTheCOracle() {
        for (PhysMem mem : new PhysMem[] {new HeapPhysMem(1 << 20), new NativeTestRam(1 << 20)}) {
            KhoRootFdt root = goldenScenario(mem);
            assertTrue(root.removeChild(0x1000));
            assertArrayEquals(resource("kho-root-v1-removed.page"), mem.read(ROOT_PA, KhoRootFdt.SIZE),
                    mem.getClass().getSimpleName());
        }
    }

    /** The stored pages are what the C program prints (compiled here with the system gcc). */
    @Test
    void storedPagesAreTheCProgramsOutput(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("kho-root-v1.c");
        Files.write(src, resource("kho-root-v1.c"));
        Path gen = dir.resolve("gen");
        run(dir, "gcc", "-Wall", "-Werror", src.toString(), "-lfdt", "-o", gen.toString());
        assertArrayEquals(resource("kho-root-v1.page"), run(dir, gen.toString()));
        assertArrayEquals(resource("kho-root-v1-removed.page"), run(dir, gen.toString(), "remove"));
    }

    private static byte[] run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd));
        return out;
    }
}
