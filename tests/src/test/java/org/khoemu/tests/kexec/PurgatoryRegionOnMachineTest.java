// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.kexec;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.Machine;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kexec.KexecSegment;
import org.khoemu.kernel.kexec.Kimage;
import org.khoemu.kernel.kexec.KimageEntries;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;
import org.khoemu.kernel.port.PurgatoryParams;
import org.khoemu.kernel.port.ShaRegion;
import org.khoemu.tests.MachineBoot;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * kexec_file_load's per-region digests on a real machine: each is the SHA-256 of one segment,
 * and a bit flipped in a staged source page of the third segment makes purgatory name exactly
 * that region, before the kernel entry runs.
 */
class PurgatoryRegionOnMachineTest {
    private static final long MIB = 1L << 20;

    @Test
    void aBitFlippedInTheThirdSegmentsSourceNamesRegion2() throws Exception {
        try (Machine m = Machine.create(256 * MIB)) {
            Kernel k = MachineBoot.cold(m, "kho=on");
            k.kexecFileLoad(m.kexecHardware(), "kho=on");
            Kimage img = k.kimage();
            PurgatoryParams p = img.purgatoryParams();
            List<KexecSegment> segs = img.segments();
            for (int i = 0; i < p.regions().size(); i++) {
                KexecSegment s = segs.get(i);
                assertEquals(new ShaRegion(s.mem(), s.memsz()), p.regions().get(i));
                byte[] own = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(s.buf(), (int) s.memsz()));
                assertArrayEquals(own, p.regionSha256().get(i), s.name());
            }
            ShaRegion third = p.regions().get(2);
            long src = KimageEntries.walk(m.mem(), img.head()).sourceOf(third.start());
            m.faults().flipBit(src + 100, 3);
            KexecOutcome out = k.rebootKexec(m.kexecHardware());
            assertFalse(out.booted());
            assertEquals(String.format("purgatory: SHA-256 mismatch over region 2 (0x%x+0x%x)",
                    third.start(), third.len()), out.failure());
            assertEquals(List.of("relocation", "purgatory"), out.stages().stream().map(KexecStage::name).toList());
        }
    }
}
