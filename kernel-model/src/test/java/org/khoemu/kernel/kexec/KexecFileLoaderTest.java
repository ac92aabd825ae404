// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.HandoverParams;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.ShaRegion;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.kernel.boot.TestBoot.MIB;

class KexecFileLoaderTest {
    private final Kernel k = TestBoot.cold(256 * MIB, "kho=on");
    private final JavaKexecHardware hw = new JavaKexecHardware(k.mem());

    @Test
    void segmentsLieInScratchDisjointAndTheScratchArrayIs64KAligned() throws Exception {
        k.kexecFileLoad(hw, "kho=on console=ttyS0");
        Kimage img = k.kimage();
        assertEquals(List.of("kho_scratch", "kernel", "boot_params", "purgatory"),
                img.segments().stream().map(KexecSegment::name).toList());
        for (KexecSegment s : img.segments()) {
            assertTrue(k.khoOut().scratch().contains(s.mem(), s.memsz()), s.name() + " outside scratch");
            for (KexecSegment o : img.segments()) {
                assertTrue(s == o || !s.overlaps(o.mem(), o.memsz()));
            }
            for (Folio f : img.ownedPages()) {
                assertFalse(s.overlaps(f.pa(), 4096), "source/control page is a destination");
            }
        }
        assertEquals(0, img.segment("kho_scratch").mem() % (64 << 10));
        KhoScratch lowmem = k.khoOut().scratch().areas().get(0);
        assertEquals(lowmem.end() - (64 << 10), img.segment("kho_scratch").mem(), "top-down in the first area");
        // digest covers every segment but purgatory, memsz bytes each
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<ShaRegion> regions = new ArrayList<>();
        for (KexecSegment s : img.segments().subList(0, 3)) {
            md.update(Arrays.copyOf(s.buf(), (int) s.memsz()));
            regions.add(new ShaRegion(s.mem(), s.memsz()));
        }
        assertArrayEquals(md.digest(), img.purgatoryParams().sha256());
        assertEquals(regions, img.purgatoryParams().regions());
        assertEquals(img.segment("kernel").mem(), img.purgatoryParams().kernelEntry());
        assertEquals(img.segment("purgatory").mem(), img.startAddress());
        assertTrue(k.khoOut().scratch().overlaps(img.bootParams(), 1));
    }

    @Test
    void entryListDescribesEveryPageAndEndsWithDone() {
        k.kexecFileLoad(hw, "kho=on");
        Kimage img = k.kimage();
        assertEquals(KimageEntry.IND_INDIRECTION, img.head() & 0xfff);
        List<long[]> copies = new ArrayList<>();
        long entry = img.head();
        long next = 0;
        long dest = 0;
        int n = 0;
        while ((entry & KimageEntry.IND_DONE) == 0) {
            if ((entry & KimageEntry.IND_DESTINATION) != 0) {
                dest = entry & -4096L;
            } else if ((entry & KimageEntry.IND_INDIRECTION) != 0) {
                next = entry & -4096L;
            } else if ((entry & KimageEntry.IND_SOURCE) != 0) {
                copies.add(new long[] {dest, entry & -4096L});
                dest += 4096;
            }
            entry = k.mem().read64(next);
            next += 8;
            assertTrue(++n < 100);
        }
        long pages = img.segments().stream().mapToLong(s -> s.memsz() / 4096).sum();
        assertEquals(pages, copies.size());
        KexecSegment bp = img.segment("boot_params");
        long[] first = copies.stream().filter(c -> c[0] == bp.mem()).findFirst().orElseThrow();
        assertEquals(BootParams.HDRS_MAGIC, k.mem().read32(first[1] + BootParams.OFF_HEADER));
    }

    @Test
    void bootParamsCarryE820CmdlineAndKhoSetupData() {
        k.kexecFileLoad(hw, "kho=on liveupdate=on");
        long bp = TestBoot.kexec(k) == 0 ? 0 : k.kimage().bootParams();
        HandoverParams hp = HandoverParams.read(k.mem(), bp);
        assertEquals("kho=on", hp.cmdline(), "TestBoot.kexec reloads with kho=on");
        assertEquals(k.firmwareMap(), hp.e820());
        KhoData d = hp.kho();
        assertEquals(k.khoOut().rootFdtPa(), d.fdtAddr());
        assertEquals(4096, d.fdtSize());
        assertEquals(48, d.scratchSize());
        assertEquals(k.khoOut().scratch().areas().get(0), KhoScratch.readFrom(k.mem(), d.scratchAddr()));
        long sd = k.mem().read64(bp + BootParams.OFF_SETUP_DATA);
        assertEquals(new SetupData(0, SetupData.SETUP_KEXEC_KHO, 32), SetupData.readFrom(k.mem(), sd));
    }

    @Test
    void tooLongCmdlineIsEinvalAndReloadFreesThePreviousImage() {
        String longCmd = "x".repeat(HandoverParams.COMMAND_LINE_SIZE);
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> k.kexecFileLoad(hw, longCmd)).errno());
        long free = k.pages().freePages();
        k.kexecFileLoad(hw, "kho=on");
        long used = free - k.pages().freePages();
        assertTrue(used > 0);
        k.kexecFileLoad(hw, "kho=on");
        assertEquals(free - used, k.pages().freePages());
        k.pages().checkInvariants();
    }

    @Test
    void rebootWithoutImageIsEinval() {
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> k.rebootKexec(hw)).errno());
    }

    @Test
    void withoutKhoSegmentsGoTopDownIntoFreeRamAndCarryNoSetupData() {
        Kernel plain = TestBoot.cold(128 * MIB, "");
        JavaKexecHardware h = new JavaKexecHardware(plain.mem());
        plain.kexecFileLoad(h, "root=/dev/vda");
        Kimage img = plain.kimage();
        assertEquals(List.of("kernel", "boot_params", "purgatory"), img.segments().stream().map(KexecSegment::name).toList());
        for (KexecSegment s : img.segments()) {
            assertFalse(plain.memblock().reserved().overlaps(s.mem(), s.memsz()), s.name() + " over a reservation");
        }
        long bp = plain.rebootKexec(h).bootParams();
        assertEquals(0, plain.mem().read64(bp + BootParams.OFF_SETUP_DATA));
        Kernel next = TestBoot.handover(plain.mem(), bp);
        assertFalse(next.khoIn().isKhoBoot());
        assertEquals("root=/dev/vda", next.cmdline());
        next.pages().checkInvariants();
    }
}
