// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.Kernel;
import org.khoemu.kernel.boot.TestBoot;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.port.ShaRegion;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.E820Table;
import org.khoemu.kernel.x86.HandoverParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.nio.charset.StandardCharsets;
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
    private final BlobsOnlyKexecHardware hw = new BlobsOnlyKexecHardware();

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
        KimageEntries list = KimageEntries.walk(k.mem(), img.head());
        long pages = img.segments().stream().mapToLong(s -> s.memsz() / 4096).sum();
        assertEquals(pages, list.copies().size());
        for (KexecSegment s : img.segments()) {
            byte[] want = Arrays.copyOf(s.buf(), (int) s.memsz());
            for (int off = 0; off < s.memsz(); off += 4096) {
                long src = list.sourceOf(s.mem() + off);
                assertTrue(src > 0, s.name() + " page " + off + " has no source");
                assertArrayEquals(Arrays.copyOfRange(want, off, off + 4096), k.mem().read(src, 4096),
                        s.name() + " page " + off + " staged with other bytes");
                assertFalse(img.segments().stream().anyMatch(o -> o.overlaps(src, 4096)), "a source is a destination");
            }
        }
        List<Long> owned = img.ownedPages().stream().map(Folio::pa).toList();
        assertTrue(owned.containsAll(list.indirectionPages()), "the list lives in pages the image owns");
        assertFalse(list.indirectionPages().contains(img.controlPage()));
        assertEquals(BootParams.HDRS_MAGIC, k.mem().read32(list.sourceOf(img.bootParams() + BootParams.OFF_HEADER)));
    }

    /** boot_params as the loader staged them: read through the entry list, since nothing copied them yet. */
    @Test
    void bootParamsCarryE820CmdlineAndKhoSetupData() {
        k.kexecFileLoad(hw, "kho=on liveupdate=on");
        Kimage img = k.kimage();
        KimageEntries list = KimageEntries.walk(k.mem(), img.head());
        long bp = img.bootParams();
        long staged = list.sourceOf(bp);
        assertEquals(k.firmwareMap(), E820Table.read(k.mem(), staged));
        long cmdPa = Integer.toUnsignedLong(k.mem().read32(staged + BootParams.OFF_CMD_LINE_PTR))
                | Integer.toUnsignedLong(k.mem().read32(staged + BootParams.OFF_EXT_CMD_LINE_PTR)) << 32;
        assertTrue(img.segment("boot_params").overlaps(cmdPa, 1), "the command line travels in the segment");
        byte[] cmd = "kho=on liveupdate=on\0".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(cmd, k.mem().read(list.sourceOf(cmdPa), cmd.length));
        long sd = k.mem().read64(staged + BootParams.OFF_SETUP_DATA);
        assertEquals(new SetupData(0, SetupData.SETUP_KEXEC_KHO, 32), SetupData.readFrom(k.mem(), list.sourceOf(sd)));
        KhoData d = KhoData.readFrom(k.mem(), list.sourceOf(sd + SetupData.SIZE));
        assertEquals(k.khoOut().rootFdtPa(), d.fdtAddr());
        assertEquals(4096, d.fdtSize());
        assertEquals(48, d.scratchSize());
        assertEquals(img.segment("kho_scratch").mem(), d.scratchAddr());
        assertEquals(k.khoOut().scratch().areas().get(0), KhoScratch.readFrom(k.mem(), list.sourceOf(d.scratchAddr())));
    }

    /** A command line pointer whose high half has the top bit set lies past RAM: a panic, not a wild read. */
    @Test
    void commandLinePointerWithTheTopBitSetIsAPanic() {
        k.kexecFileLoad(hw, "kho=on liveupdate=on");
        Kimage img = k.kimage();
        long staged = KimageEntries.walk(k.mem(), img.head()).sourceOf(img.bootParams());
        k.mem().write32(staged + BootParams.OFF_EXT_CMD_LINE_PTR, 0xffff_ffff);
        org.khoemu.kernel.KernelPanic e = org.junit.jupiter.api.Assertions.assertThrows(org.khoemu.kernel.KernelPanic.class,
                () -> HandoverParams.read(k.mem(), staged));
        assertTrue(e.getMessage().contains("command line pointer 0xffffffff") && e.getMessage().contains("outside RAM"),
                e.getMessage());
    }

    /**
     * The params segment in the order the real bzImage loader uses, pinned by the Linux 6.19.6
     * capture: its 68-character command line lies at boot_params + 0x1000 and its
     * SETUP_KEXEC_KHO setup_data at boot_params + 0x1070.
     */
    @Test
    void paramsSegmentOrderIsTheRealLoaders() {
        String capture = "console=ttyS0 liveupdate=on panic=-1 khotest=khocap khodump=1 kho=on";
        assertEquals(68, capture.length());
        k.kexecFileLoad(hw, capture);
        Kimage img = k.kimage();
        KimageEntries list = KimageEntries.walk(k.mem(), img.head());
        long bp = img.bootParams();
        long staged = list.sourceOf(bp);
        assertEquals(bp + 0x1000, Integer.toUnsignedLong(k.mem().read32(staged + BootParams.OFF_CMD_LINE_PTR)));
        assertEquals(bp + 0x1070, k.mem().read64(staged + BootParams.OFF_SETUP_DATA));
        // the capture's loader id, and the model's own image described where the real loader copies the bzImage's
        assertEquals((byte) 0xd0, k.mem().read8(staged + BootParams.OFF_TYPE_OF_LOADER));
        assertEquals(org.khoemu.kernel.boot.Kernel.KERNEL_IMAGE_PA, k.mem().read64(staged + BootParams.OFF_PREF_ADDRESS));
        assertEquals(org.khoemu.kernel.boot.Kernel.KERNEL_IMAGE_SIZE,
                Integer.toUnsignedLong(k.mem().read32(staged + BootParams.OFF_INIT_SIZE)));
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
    void noScratchHoleForASegmentIsEaddrnotavail() {
        // one 4 KiB scratch area and two empty ones: the kernel segment fits nowhere
        Kernel small = TestBoot.cold(256 * MIB, "kho=on kho_scratch=4K,0,0");
        KernelException e = assertThrows(KernelException.class, () -> small.kexecFileLoad(hw, "kho=on"));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertEquals(99, e.errno().value());
        assertTrue(small.kimage() == null);
    }

    @Test
    void rebootWithoutImageIsEinval() {
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> k.rebootKexec(hw)).errno());
    }

    /** The machine's entry stub refuses such a kernel (no KHO data), see the tests module. */
    @Test
    void withoutKhoSegmentsGoTopDownIntoFreeRamAndCarryNoSetupData() {
        Kernel plain = TestBoot.cold(128 * MIB, "");
        plain.kexecFileLoad(hw, "root=/dev/vda");
        Kimage img = plain.kimage();
        assertEquals(List.of("kernel", "boot_params", "purgatory"), img.segments().stream().map(KexecSegment::name).toList());
        for (KexecSegment s : img.segments()) {
            assertFalse(plain.memblock().reserved().overlaps(s.mem(), s.memsz()), s.name() + " over a reservation");
        }
        long staged = KimageEntries.walk(plain.mem(), img.head()).sourceOf(img.bootParams());
        assertEquals(BootParams.HDRS_MAGIC, plain.mem().read32(staged + BootParams.OFF_HEADER));
        assertEquals(0, plain.mem().read64(staged + BootParams.OFF_SETUP_DATA));
    }
}
