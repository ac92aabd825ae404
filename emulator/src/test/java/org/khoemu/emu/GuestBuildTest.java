// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestBuildTest {
    @TempDir
    Path dir;

    @Test
    void missingCompilerFailsTheBuildSayingSo() throws Exception {
        Path script = Path.of("src/main/guest/build.sh").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), dir.resolve("out").toString(),
                dir.resolve("work").toString()).redirectErrorStream(true);
        pb.environment().put("CC", "khoemu-no-such-gcc");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("'khoemu-no-such-gcc' not found; install gcc and binutils"), out);
    }

    @Test
    void guestImagesAreBuiltWithInstructionTables() {
        GuestBlob purgatory = GuestBlob.load("purgatory");
        assertTrue(purgatory.length() > 4096, "purgatory carries its 4 KiB stack");
        // The stage hypercall sequence at offset 0 is five instructions ending in int $0x81.
        assertEquals(5, purgatory.instructionsIn(0, 0x16));
        assertTrue(MachineKexec.relocationCodeSize() <= 4096, "relocation must fit the control page");
    }
}
