// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.KexecStage;
import org.khoemu.kernel.port.PurgatoryParams;
import org.khoemu.kernel.port.ShaRegion;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineKexecTest extends SharedMachineTest {

    @BeforeEach
    void resetBudget() {
        machine.kexec().setBudget(MachineKexec.DEFAULT_INSTRUCTION_BUDGET, MachineKexec.DEFAULT_TIMEOUT_MICROS);
    }

    private static List<String> names(KexecOutcome o) {
        return o.stages().stream().map(KexecStage::name).toList();
    }

    @Test
    void relocationPurgatoryAndEntryBootWithPagesInPlace() {
        KexecScenario s = new KexecScenario(machine, 1);
        // Stop right after relocation first, so every copied page can be compared before
        // purgatory and the entry stub use their own segments as stack.
        machine.faults().powerLossAt(HardwareFaults.STEP_PURGATORY);
        KexecOutcome relocated = s.load();
        assertEquals("power loss at purgatory", relocated.failure());
        assertTrue(s.list.indirectionPages.size() >= 3, "list must span several indirection pages");
        assertTrue(s.expected.size() > KexecScenario.KERNEL_PAGES, "pages: " + s.expected.size());
        for (Map.Entry<Long, byte[]> e : s.expected.entrySet()) {
            assertArrayEquals(e.getValue(), machine.mem().read(e.getKey(), 4096),
                    () -> String.format("page 0x%x", e.getKey()));
        }
        KexecOutcome o = machine.kexecHardware().machineKexec(s.head, KexecScenario.CONTROL_PAGE, KexecScenario.PURGATORY);
        assertTrue(o.booted(), () -> "failed: " + o.failure());
        assertEquals(KexecScenario.BOOT_PARAMS, o.bootParams());
        assertEquals(KexecScenario.BOOT_PARAMS, machine.cpu().reg(X86Reg.RDI), "entry stub's hypercall argument");
        assertArrayEquals(s.expected.get(KexecScenario.KERNEL + 7 * 4096L),
                machine.mem().read(KexecScenario.KERNEL + 7 * 4096L, 4096));
        assertEquals(List.of("relocation", "purgatory", "entry"), names(o));
        // Relocation copies every page at 20 instructions per 64 bytes.
        assertTrue(o.stages().get(0).instructions() > 20L * 64 * s.expected.size(),
                () -> "relocation instructions " + o.stages().get(0).instructions());
        o.stages().forEach(st -> assertTrue(st.instructions() > 0 && st.nanos() > 0, st::toString));
    }

    @Test
    void missingKhoSetupDataHasItsOwnError() {
        KexecScenario s = new KexecScenario(machine, 4);
        s.withKho = false;
        KexecOutcome o = s.load();
        assertFalse(o.booted());
        assertEquals("entry: no SETUP_KEXEC_KHO (type 10) setup_data in the chain of boot_params 0x2000000 "
                + "(1 entries walked)", o.failure());
        assertEquals(List.of("relocation", "purgatory", "entry"), names(o));
    }

    @Test
    void badFdtMagicHasItsOwnError() {
        KexecScenario s = new KexecScenario(machine, 5);
        assertTrue(s.load().booted());
        machine.mem().write8(KexecScenario.FDT + 3, (byte) 0xee);
        KexecOutcome o = machine.kexecHardware().machineKexec(s.head, KexecScenario.CONTROL_PAGE, KexecScenario.PURGATORY);
        assertFalse(o.booted());
        assertEquals("entry: KHO FDT at 0x2100000 has magic 0xd00dfeee instead of 0xd00dfeed", o.failure());
    }

    @Test
    void setupDataCycleIsBounded() throws Exception {
        KexecScenario s = new KexecScenario(machine, 6);
        assertTrue(s.load().booted());
        // The first setup_data (type 1) now links to itself.
        machine.mem().write64(KexecScenario.BOOT_PARAMS + 0x800, KexecScenario.BOOT_PARAMS + 0x800);
        KexecOutcome o = runPurgatory(List.of(), MessageDigest.getInstance("SHA-256").digest());
        assertFalse(o.booted());
        assertEquals("entry: setup_data chain of boot_params 0x2000000 is longer than 64 entries (a cycle?), "
                + "stopped at 0x2000800", o.failure());
    }

    @Test
    void badBootParamsHeaderHasItsOwnError() throws Exception {
        KexecScenario s = new KexecScenario(machine, 10);
        assertTrue(s.load().booted());
        machine.mem().write32(KexecScenario.BOOT_PARAMS + 0x202, 0x12345678);
        KexecOutcome o = runPurgatory(List.of(), MessageDigest.getInstance("SHA-256").digest());
        assertEquals("entry: boot_params at 0x2000000 has header 0x12345678 instead of \"HdrS\" (0x53726448)",
                o.failure());
    }

    @Test
    void powerLossStopsAtTheNamedStep() {
        for (String step : List.of("relocation", "purgatory", "entry")) {
            machine.coldReset();
            machine.faults().powerLossAt(step);
            KexecOutcome o = new KexecScenario(machine, 7).load();
            assertFalse(o.booted());
            assertEquals("power loss at " + step, o.failure());
            assertEquals(step, o.stages().get(o.stages().size() - 1).name());
            assertEquals(null, machine.faults().armedPowerLoss());
        }
        assertThrows(IllegalArgumentException.class, () -> machine.faults().powerLossAt("reboot"));
    }

    @Test
    void indirectionCycleRunsIntoTheInstructionBudget() {
        long page = KexecScenario.IND_POOL;
        machine.mem().write64(page, page | KimageList.IND_INDIRECTION); // entry 0 links its own page
        machine.kexec().setBudget(1_000_000, 0);
        KexecOutcome o = machine.kexecHardware().machineKexec(page | KimageList.IND_INDIRECTION,
                KexecScenario.CONTROL_PAGE, KexecScenario.PURGATORY);
        assertFalse(o.booted());
        assertTrue(o.failure().startsWith("relocation: guest exceeded its budget of 1000000 instructions at RIP=0x30000"),
                o.failure());
        long n = o.stages().get(0).instructions();
        assertTrue(n <= 1_000_000 && n > 1_000_000 - 64, o.stages()::toString);
    }

    @Test
    void listHeadOutsideRamIsARelocationFault() {
        long outside = machine.mem().size() + 0x10000;
        KexecOutcome o = machine.kexecHardware().machineKexec(outside | KimageList.IND_INDIRECTION,
                KexecScenario.CONTROL_PAGE, KexecScenario.PURGATORY);
        assertFalse(o.booted());
        assertTrue(o.failure().matches("relocation: guest fault at RIP=0x30000[0-9a-f]{2}: read of 8 bytes at 0x10010000 "
                + "outside RAM \\[0, 0x10000000\\), reading the first slot of the indirection page named by entry "
                + "0x10010002"), o.failure());
    }

    @Test
    void purgatorySha256AgreesWithTheJdkOnAwkwardLengths() throws Exception {
        Random r = new Random(8);
        byte[] data = new byte[3 * 4096 + 77];
        r.nextBytes(data);
        long at = 0x6000000;
        machine.mem().write(at, data);
        KexecScenario s = new KexecScenario(machine, 9);
        assertTrue(s.load().booted()); // leaves a valid boot_params, FDT and entry stub in place
        int[] lens = {0, 1, 55, 56, 63, 64, 65, 119, 1000, data.length};
        for (int len : lens) {
            List<ShaRegion> regions = new ArrayList<>();
            regions.add(new ShaRegion(at, len));
            regions.add(new ShaRegion(at + 3, Math.min(len, 70)));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, len);
            md.update(data, 3, Math.min(len, 70));
            byte[] good = md.digest();
            assertTrue(runPurgatory(regions, good).booted(), "len " + len);
            String computed = HexFormat.of().formatHex(good);
            good[31] ^= 1;
            KexecOutcome bad = runPurgatory(regions, good);
            assertFalse(bad.booted(), "len " + len);
            // the data is intact, only the expected overall digest is off
            assertTrue(bad.failure().startsWith("purgatory: all 2 regions match their own SHA-256, but the overall "
                    + "SHA-256 " + computed), bad.failure());
        }
    }

    /** Purgatory over {@code regions}, each with the digest of what RAM holds there now. */
    private KexecOutcome runPurgatory(List<ShaRegion> regions, byte[] sha) {
        return runPurgatory(regions, sha, regions.stream().map(r -> sha256(machine.mem().read(r.start(), (int) r.len())))
                .toList());
    }

    private KexecOutcome runPurgatory(List<ShaRegion> regions, byte[] sha, List<byte[]> regionSha) {
        long emptyList = KexecScenario.IND_POOL + 62 * 4096L;
        machine.mem().write64(emptyList, KimageList.IND_DONE);
        long purg = 0x6800000;
        machine.mem().write(purg, machine.kexecHardware().purgatoryImage(
                new PurgatoryParams(KexecScenario.ENTRY, KexecScenario.BOOT_PARAMS, sha, regions, regionSha)));
        return machine.kexecHardware().machineKexec(emptyList | KimageList.IND_INDIRECTION, KexecScenario.CONTROL_PAGE, purg);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shaRegionOutsideRamIsAGuestFaultInPurgatory() {
        KexecScenario s = new KexecScenario(machine, 11);
        assertTrue(s.load().booted());
        KexecOutcome o = runPurgatory(List.of(new ShaRegion(machine.mem().size() - 64, 128)), new byte[32],
                List.of(new byte[32]));
        assertFalse(o.booted());
        assertTrue(o.failure().matches("purgatory: guest fault at RIP=0x[0-9a-f]+: read of \\d+ bytes at 0x1000000[0-9a-f] "
                + "outside RAM \\[0, 0x10000000\\)"), o.failure());
    }

    @Test
    void purgatoryImagePatchesTheDocumentedBlock() {
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xd1;
        byte[] second = new byte[32];
        second[31] = (byte) 0xe2;
        byte[] img = machine.kexecHardware().purgatoryImage(new PurgatoryParams(0x1234000, 0x2000000, digest,
                List.of(new ShaRegion(0x100000, 0x3000), new ShaRegion(0x900000, 0x10)), List.of(new byte[32], second)));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(img).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = PurgatoryBlock.find(img);
        assertEquals(PurgatoryBlock.MAGIC, b.getLong(at));
        assertEquals(0x1234000, b.getLong(at + 8));
        assertEquals(0x2000000, b.getLong(at + 16));
        assertEquals(2, b.getInt(at + 24));
        assertEquals(16, b.getInt(at + 28));
        assertEquals((byte) 0xd1, b.get(at + 32));
        assertEquals(0x900000, b.getLong(at + 64 + 16));
        assertEquals(0x10, b.getLong(at + 64 + 24));
        assertEquals(64 + 16 * 16, PurgatoryBlock.offComputed(16));
        assertEquals(96 + 16 * 16, PurgatoryBlock.offRegionSha256(16));
        assertEquals((byte) 0xe2, b.get(at + 96 + 16 * 16 + 32 + 31), "region 1's digest, last byte");
        assertEquals(0, b.get(at + 96 + 16 * 16 + 32 + 30));
    }

    @Test
    void purgatoryImageRejectsTooManyRegions() {
        int max = machine.kexecHardware().purgatoryMaxRegions();
        assertEquals(16, max);
        List<ShaRegion> regions = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            regions.add(new ShaRegion(i * 4096L, 4096));
        }
        PurgatoryParams p = new PurgatoryParams(0, 0, new byte[32], regions,
                regions.stream().map(r -> new byte[32]).toList());
        assertThrows(IllegalArgumentException.class, () -> machine.kexecHardware().purgatoryImage(p));
    }

    @Test
    void badControlPageIsAFailedOutcome() {
        KexecOutcome o = machine.kexecHardware().machineKexec(KimageList.IND_DONE, 0x1234, 0);
        assertFalse(o.booted());
        assertEquals("machine_kexec: control page 0x1234 is not a page-aligned page inside RAM", o.failure());
    }
}
