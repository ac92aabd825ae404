// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the real device-tree compiler ({@code /usr/bin/dtc}, Debian device-tree-compiler) as an oracle. */
final class Dtc {
    static final String DTC = "/usr/bin/dtc";

    private Dtc() {
    }

    /** {@code dtc -I dtb -O dts}: the DTS text dtc prints for a blob. */
    static String decompile(byte[] dtb) {
        return new String(run(dtb, ".dtb", "-I", "dtb", "-O", "dts"), StandardCharsets.UTF_8);
    }

    /** {@code dtc -I dts -O dtb}: the blob dtc compiles from DTS text. */
    static byte[] compile(String dts) {
        return run(dts.getBytes(StandardCharsets.UTF_8), ".dts", "-I", "dts", "-O", "dtb");
    }

    /** {@code dtc -I dts -O dtb -V version}: a blob of an older layout, as dtc writes it. */
    static byte[] compile(String dts, int version) {
        return run(dts.getBytes(StandardCharsets.UTF_8), ".dts", "-I", "dts", "-O", "dtb", "-V", Integer.toString(version));
    }

    private static byte[] run(byte[] input, String suffix, String... args) {
        try {
            Path in = Files.createTempFile("khoemu-dtc", suffix);
            Path err = Files.createTempFile("khoemu-dtc", ".err");
            try {
                Files.write(in, input);
                var cmd = new java.util.ArrayList<>(List.of(DTC, "-q"));
                cmd.addAll(List.of(args));
                cmd.add(in.toString());
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                int rc = p.waitFor();
                if (rc != 0) {
                    throw new IllegalStateException("dtc exited " + rc + ": "
                            + new String(Files.readAllBytes(err), StandardCharsets.ISO_8859_1));
                }
                return out;
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
