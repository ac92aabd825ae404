// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.port.PurgatoryParams;
import org.khoemu.kernel.port.ShaRegion;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A kexec load built by hand in a machine's RAM, the way a kexec_file_load would leave it:
 * segments staged in scattered source pages, a kimage list with several indirection pages,
 * boot_params with a setup_data chain ending in SETUP_KEXEC_KHO, and a tiny FDT (libfdt) in place.
 */
final class KexecScenario {
    static final long KERNEL = 0x1000000;
    static final int KERNEL_PAGES = 24;
    static final long BOOT_PARAMS = 0x2000000;
    static final long ENTRY = 0x2200000;
    static final long PURGATORY = 0x2300000;
    static final long CONTROL_PAGE = 0x3000000;
    static final long FDT = 0x2100000;
    static final long SOURCE_POOL = 0x4000000;
    static final int SOURCE_POOL_PAGES = 4096;
    static final long IND_POOL = 0x3100000;

    final Machine machine;
    final Random rnd;
    /** Destination page -> the bytes it must hold after relocation. */
    final Map<Long, byte[]> expected = new LinkedHashMap<>();
    /** Destination page -> the source page staged for it. */
    final Map<Long, Long> sourceOf = new LinkedHashMap<>();
    boolean withKho = true;
    /** The kho_data the boot_params carry (the scratch array itself is not written). */
    long khoFdtSize = 4096;
    long khoScratchAddr = 0x5000000;
    long khoScratchSize = 16;
    int indirectionSlots = 16;
    KimageList list;
    long head;
    /** What {@link #load} patched into purgatory. */
    PurgatoryParams params;

    KexecScenario(Machine machine, long seed) {
        this.machine = machine;
        this.rnd = new Random(seed);
    }

    /** A tiny KHO-style FDT written by libfdt in place, straight into guest RAM. */
    private void writeTinyFdt() {
        FdtWriter.createAt(machine.mem().hostAddress(FDT, 4096), 4096)
                .finishReservemap()
                .beginNode("")
                .propertyString("compatible", "kho-v1")
                .endNode()
                .finish();
    }

    private byte[] bootParamsPage() {
        PhysMem page = new org.khoemu.kernel.port.HeapPhysMem(1L << 20);
        page.write16(BootParams.OFF_BOOT_FLAG, BootParams.BOOT_FLAG);
        page.write32(BootParams.OFF_HEADER, BootParams.HDRS_MAGIC);
        page.write16(BootParams.OFF_VERSION, BootParams.BOOT_PROTOCOL_VERSION);
        long first = BOOT_PARAMS + 0x800;
        long second = BOOT_PARAMS + 0x900;
        page.write64(BootParams.OFF_SETUP_DATA, first);
        // A non-KHO entry first (type 1, SETUP_E820_EXT), so the stub has to walk the chain.
        new SetupData(withKho ? second : 0, 1, 8).writeTo(page, 0x800);
        if (withKho) {
            new SetupData(0, SetupData.SETUP_KEXEC_KHO, KhoData.SIZE).writeTo(page, 0x900);
            new KhoData(FDT, khoFdtSize, khoScratchAddr, khoScratchSize).writeTo(page, 0x900 + SetupData.SIZE);
        }
        return page.read(0, 4096);
    }

    private void segment(long dest, byte[] data) {
        int pages = (data.length + 4095) / 4096;
        for (int i = 0; i < pages; i++) {
            byte[] page = new byte[4096];
            System.arraycopy(data, i * 4096, page, 0, Math.min(4096, data.length - i * 4096));
            expected.put(dest + i * 4096L, page);
        }
    }

    /** Stages everything in RAM and returns the outcome of machine_kexec. */
    KexecOutcome load() {
        PhysMem mem = machine.mem();
        byte[] kernel = new byte[KERNEL_PAGES * 4096];
        rnd.nextBytes(kernel);
        segment(KERNEL, kernel);
        segment(BOOT_PARAMS, bootParamsPage());
        byte[] entry = machine.kexecHardware().entryStubImage();
        segment(ENTRY, entry);
        List<ShaRegion> regions = regions(entry.length);
        params = new PurgatoryParams(ENTRY, BOOT_PARAMS, digest(regions), regions,
                regions.stream().map(r -> digest(List.of(r))).toList());
        segment(PURGATORY, machine.kexecHardware().purgatoryImage(params));
        writeTinyFdt();

        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < SOURCE_POOL_PAGES; i++) {
            free.add(i);
        }
        java.util.Collections.shuffle(free, rnd);
        List<Long> ind = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ind.add(IND_POOL + i * 4096L);
        }
        list = new KimageList(mem, ind, indirectionSlots);
        long cursor = -1;
        for (Map.Entry<Long, byte[]> e : expected.entrySet()) {
            long src = SOURCE_POOL + free.remove(0) * 4096L;
            mem.write(src, e.getValue());
            sourceOf.put(e.getKey(), src);
            if (e.getKey() != cursor) {
                list.destination(e.getKey());
            }
            list.source(src);
            cursor = e.getKey() + 4096;
        }
        head = list.write();
        return machine.kexecHardware().machineKexec(head, CONTROL_PAGE, PURGATORY);
    }

    List<ShaRegion> regions(int entryLen) {
        return List.of(new ShaRegion(KERNEL, KERNEL_PAGES * 4096L), new ShaRegion(BOOT_PARAMS, 4096),
                new ShaRegion(ENTRY, entryLen));
    }

    /** SHA-256 over {@code regions} as they will read after relocation, by the JDK. */
    private byte[] digest(List<ShaRegion> regions) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ShaRegion r : regions) {
                for (long pa = r.start(); pa < r.start() + r.len(); pa += 4096) {
                    byte[] page = expected.get(pa);
                    md.update(page, 0, (int) Math.min(4096, r.start() + r.len() - pa));
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
