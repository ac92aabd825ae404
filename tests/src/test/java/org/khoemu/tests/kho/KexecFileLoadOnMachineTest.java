// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.kho;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.Machine;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.kexec.KexecSegment;
import org.khoemu.kernel.kexec.Kimage;
import org.khoemu.kernel.kexec.KimageEntries;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.HandoverParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;
import org.khoemu.tests.MachineBoot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the loader staged, after the guest relocation copied it: boot_params at their
 * destination as kernel B reads them, and every page where the kimage entry list says.
 */
class KexecFileLoadOnMachineTest {
    private static final long MIB = 1L << 20;

    @Test
    void bootParamsCarryE820CmdlineAndKhoSetupDataAfterTheCopy() {
        try (Machine m = Machine.create(256 * MIB)) {
            Kernel k = MachineBoot.cold(m, "kho=on");
            KexecOutcome out = MachineBoot.kexec(m, k, "kho=on liveupdate=on");
            long bp = out.bootParams();
            assertEquals(k.kimage().bootParams(), bp);
            HandoverParams hp = HandoverParams.read(m.mem(), bp);
            assertEquals("kho=on liveupdate=on", hp.cmdline());
            assertEquals(k.firmwareMap(), hp.e820());
            KhoData d = hp.kho();
            assertEquals(k.khoOut().rootFdtPa(), d.fdtAddr());
            assertEquals(4096, d.fdtSize());
            assertEquals(48, d.scratchSize());
            assertEquals(k.khoOut().scratch().areas().get(0), KhoScratch.readFrom(m.mem(), d.scratchAddr()));
            long sd = m.mem().read64(bp + BootParams.OFF_SETUP_DATA);
            assertEquals(new SetupData(0, SetupData.SETUP_KEXEC_KHO, 32), SetupData.readFrom(m.mem(), sd));
        }
    }

    @Test
    void theGuestCopiedEveryPageTheEntryListNames() {
        try (Machine m = Machine.create(256 * MIB)) {
            Kernel k = MachineBoot.cold(m, "kho=on");
            k.kexecFileLoad(m.kexecHardware(), "kho=on");
            Kimage img = k.kimage();
            // the entry stub and purgatory run in their own segments, with their stacks there:
            // only the data segments must still read exactly as staged once the kernel is entered
            List<KexecSegment> data = List.of(img.segment("kho_scratch"), img.segment("boot_params"));
            Map<Long, byte[]> staged = new LinkedHashMap<>();
            for (KimageEntries.Copy c : KimageEntries.walk(m.mem(), img.head()).copies()) {
                if (data.stream().anyMatch(s -> s.overlaps(c.dest(), 4096))) {
                    staged.put(c.dest(), m.mem().read(c.src(), 4096));
                }
            }
            assertEquals(data.stream().mapToLong(s -> s.memsz() / 4096).sum(), staged.size());
            assertNotEquals(BootParams.HDRS_MAGIC, m.mem().read32(img.bootParams() + BootParams.OFF_HEADER),
                    "nothing is at the destination before the kexec");
            KexecOutcome out = k.rebootKexec(m.kexecHardware());
            assertTrue(out.booted(), out.failure());
            for (Map.Entry<Long, byte[]> e : staged.entrySet()) {
                assertArrayEquals(e.getValue(), m.mem().read(e.getKey(), 4096), String.format("page 0x%x", e.getKey()));
            }
        }
    }

    @Test
    void withoutKhoTheEntryStubRefusesTheNextKernel() {
        try (Machine m = Machine.create(128 * MIB)) {
            Kernel plain = MachineBoot.cold(m, "");
            plain.kexecFileLoad(m.kexecHardware(), "root=/dev/vda");
            long bp = plain.kimage().bootParams();
            KexecOutcome out = plain.rebootKexec(m.kexecHardware());
            assertFalse(out.booted());
            assertEquals(List.of("relocation", "purgatory", "entry"), out.stages().stream().map(KexecStage::name).toList());
            assertEquals(String.format("entry: no SETUP_KEXEC_KHO (type 10) setup_data in the chain of boot_params 0x%x "
                    + "(0 entries walked)", bp), out.failure());
            // the copy and the digest check went through: the boot_params a kernel would read are in place
            assertEquals(0, m.mem().read64(bp + BootParams.OFF_SETUP_DATA));
            HandoverParams hp = HandoverParams.read(m.mem(), bp);
            assertNull(hp.kho());
            assertEquals("root=/dev/vda", hp.cmdline());
        }
    }
}
