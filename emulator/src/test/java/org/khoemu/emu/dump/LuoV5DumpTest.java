// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.abi.GoldenImages;
import org.khoemu.emu.image.RamImage;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.scenario.LiveUpdateScenario;
import org.khoemu.scenario.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A luo-v5 handover read as a bare RAM dump (no sidecar): the profile comes from the compatible
 * inside luo_ser, and the inspector walks the chains to the same sessions kernel A preserved.
 */
class LuoV5DumpTest {
    @TempDir
    Path dir;

    @Test
    void aRawDumpIsRecognisedFromLuoSerAndItsChainsDecode() throws Exception {
        RunReport r = new LiveUpdateScenario(GoldenImages.scenario(LuoAbiProfiles.byName("luo-v5"), dir),
                new PrintWriter(Writer.nullWriter()), false).run();
        assertTrue(r.ok(), r.failureLine());
        Path image = dir.resolve(LiveUpdateScenario.IMAGE);
        long bootParams;
        try (LoadedHandover h = HandoverFiles.open(image, DumpOptions.NONE)) {
            bootParams = h.bootParams();
            assertEquals("sidecar", h.profileFrom());
        }
        Path raw = dir.resolve("dump.raw");
        Files.copy(image, raw);
        assertTrue(!Files.exists(RamImage.sidecarOf(raw)));
        try (LoadedHandover h = HandoverFiles.open(raw, new DumpOptions(bootParams, 0, 0, null))) {
            assertEquals("luo-v5", h.profile().name());
            assertEquals("luo_ser compatible \"luo-v5\"", h.profileFrom());
            HandoverInspection in = HandoverInspection.decode(h.machine().mem(), h.bootParams(), null);
            assertNull(in.luo(), "no LUO FDT");
            assertEquals("kho-v4", in.khoGeneration().name());
            assertEquals(32, in.ser().size(), "blob-size");
            assertEquals(3, in.sessions().sessions().size());
            assertEquals("session-2", in.sessions().sessions().get(2).name());
            assertEquals(2, in.sessions().sessions().get(2).files().size());
        }
    }
}
