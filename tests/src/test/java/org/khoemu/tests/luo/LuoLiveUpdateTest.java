// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.luo;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.Liveupdate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live updates on the emulated machine beyond the selftests: chains, scale and damaged handovers. */
class LuoLiveUpdateTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Three updates in a row. Each kernel retrieves the memfd the previous one handed over,
     * checks it, appends a line, and hands it on in a session it creates itself.
     */
    @Test
    void severalUpdatesInARowCountUpAndCarryWhatEachKernelAdds() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            UserProcess p = rig.process();
            int dev = p.open(UserProcess.DEV_LIVEUPDATE);
            int m = p.memfdCreate("journal");
            p.write(m, ascii("A\n"));
            Liveupdate.preserveFd(p, Liveupdate.createSession(p, dev, "journal-1"), m, 1);
            String expected = "A\n";
            for (int n = 1; n <= 3; n++) {
                rig.liveUpdate();
                assertEquals(n, rig.luo().incomingNumber());
                assertEquals(n + 1, rig.luo().liveupdateNumber());
                byte[] fdt = rig.machine().mem().read(rig.luo().fdtPa(), 4096);
                assertEquals(n + 1, Fdt.rawU64(Fdt.fromBytes(fdt).getprop(Fdt.ROOT, "liveupdate-number")));

                UserProcess q = rig.process();
                int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
                assertEquals(List.of("journal-" + n), rig.luo().incomingSessions().stream().map(s -> s.name().toString()).toList());
                int s = Liveupdate.retrieveSession(q, bdev, "journal-" + n);
                int j = Liveupdate.retrieveFd(q, s, n);
                assertArrayEquals(ascii(expected), q.pread(j, 4096, 0));
                assertEquals(expected.length(), q.lseek(j, 0, UserProcess.SEEK_CUR), "position survives");
                Liveupdate.finishSession(q, s);
                q.close(s);
                String line = (char) ('A' + n) + "\n";
                q.write(j, ascii(line));
                expected += line;
                Liveupdate.preserveFd(q, Liveupdate.createSession(q, bdev, "journal-" + (n + 1)), j, n + 1);
            }
        }
    }

    /** The seed's whole session block: 819 sessions, one memfd each, through the emulated CPU. */
    @Test
    void aFullSessionBlockOfMemfdsSurvives() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            UserProcess p = rig.process();
            int dev = p.open(UserProcess.DEV_LIVEUPDATE);
            for (int i = 0; i < 819; i++) {
                int s = Liveupdate.createSession(p, dev, "vm-" + i);
                int m = p.memfdCreate("ram-" + i);
                p.write(m, ascii("guest memory of vm " + i));
                Liveupdate.preserveFd(p, s, m, 0x1000 + i);
                p.close(m);
            }
            rig.liveUpdate();
            UserProcess q = rig.process();
            int bdev = q.open(UserProcess.DEV_LIVEUPDATE);
            assertEquals(819, rig.luo().incomingSessions().size(), () -> String.join("\n", rig.log().lines()));
            for (int i = 0; i < 819; i++) {
                int s = Liveupdate.retrieveSession(q, bdev, "vm-" + i);
                int m = Liveupdate.retrieveFd(q, s, 0x1000 + i);
                assertArrayEquals(ascii("guest memory of vm " + i), q.pread(m, 100, 0));
                Liveupdate.finishSession(q, s);
                q.close(s);
                q.close(m);
            }
            assertEquals(0, rig.luo().incomingSessions().size());
        }
    }

    /** Kernel A's LUO FDT is rewritten in RAM after A stopped; B must panic with the kernel's reason. */
    private static KernelPanic bootWithDamagedLuoFdt(FdtWriter replacement) {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            long fdtPa = rig.luo().fdtPa();
            byte[] blob = replacement.toBytes();
            return assertThrows(KernelPanic.class, () -> rig.liveUpdate(LiveUpdateRig.CMDLINE, m -> {
                m.mem().fill(fdtPa, 4096, (byte) 0);
                m.mem().write(fdtPa, blob);
            }));
        }
    }

    @Test
    void aDamagedLuoFdtPanicsTheNextKernel() {
        KernelPanic badCompat = bootWithDamagedLuoFdt(FdtWriter.create(4096).finishReservemap().beginNode("")
                .propertyString("compatible", "luo-v1").propertyRawU64("liveupdate-number", 1)
                .beginNode("luo-session").propertyString("compatible", "luo-session-v0")
                .propertyRawU64("luo-session-header", 0x200000).endNode().endNode().finish());
        assertEquals("luo: Session node incompatible [luo-session-v1]", badCompat.getMessage());

        KernelPanic badSize = bootWithDamagedLuoFdt(FdtWriter.create(4096).finishReservemap().beginNode("")
                .propertyString("compatible", "luo-v1").property("liveupdate-number", new byte[12])
                .endNode().finish());
        assertEquals("luo: Unable to get live update number 'liveupdate-number' [12]", badSize.getMessage());
    }

    @Test
    void noLuoSubtreeIsAFreshStart() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot("kho=on")) {
            assertFalse(rig.luo().enabled());
            rig.liveUpdate(LiveUpdateRig.CMDLINE, m -> { });
            assertTrue(rig.luo().enabled());
            assertEquals(0, rig.luo().incomingNumber());
            assertEquals(1, rig.luo().liveupdateNumber());
            assertFalse(rig.log().contains("Retrieved live update data"));
            UserProcess q = rig.process();
            q.open(UserProcess.DEV_LIVEUPDATE);
            assertEquals(0, rig.luo().incomingSessions().size());
        }
    }

    /** A kernel speaking v6.19 refuses the seed's session node, as a real v6.19 kernel would. */
    @Test
    void anUpdateAcrossAbiGenerationsPanicsOnTheSessionCompatible() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            KernelPanic p = assertThrows(KernelPanic.class,
                    () -> rig.liveUpdate(LiveUpdateRig.CMDLINE, LuoAbiProfiles.byName("v6.19"), m -> { }));
            assertEquals("luo: Session node incompatible [luo-session-v2]", p.getMessage());
        }
    }

    /**
     * On native RAM libfdt writes the LUO FDT in place: the page holds the seed's 236-byte blob,
     * zeros, and in its last 48 bytes the strings block where the sequential writer built it
     * ({@code fdt_finish} moves it down without clearing the old copy, as in the kernel).
     */
    @Test
    void theLuoFdtInGuestRamIsTheSeedsBlob() {
        try (LiveUpdateRig rig = LiveUpdateRig.coldBoot()) {
            long pa = rig.luo().fdtPa();
            assertTrue(rig.machine().mem().hostAddress(pa, 4096) != 0, "native RAM");
            byte[] want = FdtWriter.create(4096).finishReservemap().beginNode("")
                    .propertyString("compatible", "luo-v1").propertyRawU64("liveupdate-number", 1)
                    .beginNode("luo-session").propertyString("compatible", "luo-session-v1")
                    .propertyRawU64("luo-session-header", rig.luo().sessionBlockPa()).endNode().endNode()
                    .finish().toBytes();
            assertEquals(236, want.length);
            byte[] page = rig.machine().mem().read(pa, 4096);
            assertArrayEquals(want, java.util.Arrays.copyOf(page, 236));
            int strings = 48;
            assertArrayEquals(new byte[4096 - 236 - strings], java.util.Arrays.copyOfRange(page, 236, 4096 - strings));
            assertArrayEquals(java.util.Arrays.copyOfRange(want, 236 - strings, 236),
                    java.util.Arrays.copyOfRange(page, 4096 - strings, 4096));
        }
    }
}
