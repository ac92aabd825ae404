// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.khoemu.kernel.port.KexecHardware;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.port.PurgatoryParams;
import org.khoemu.kernel.port.ShaRegion;
import org.khoemu.kernel.x86.BootParams;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Kexec hardware for kernel-model unit tests on heap RAM: it walks the entry list and copies
 * pages in Java, checks the digest over the purgatory regions, and "enters" the kernel. The
 * real path (guest code on Unicorn) is exercised end to end in the tests module.
 */
public final class JavaKexecHardware implements KexecHardware {
    public static final byte[] STUB = "khoemu-test-entry-stub".getBytes();
    private final PhysMem mem;
    private PurgatoryParams params;

    public JavaKexecHardware(PhysMem mem) {
        this.mem = mem;
    }

    @Override
    public byte[] entryStubImage() {
        return STUB.clone();
    }

    @Override
    public int purgatoryMaxRegions() {
        return 16;
    }

    @Override
    public byte[] purgatoryImage(PurgatoryParams p) {
        params = p;
        byte[] img = new byte[100];
        Arrays.fill(img, (byte) 0x90);
        return img;
    }

    @Override
    public KexecOutcome machineKexec(long head, long controlPage, long start) {
        long entry = head;
        long next = 0;
        long dest = 0;
        while (true) {
            long page = entry & -4096L;
            if ((entry & KimageEntry.IND_DESTINATION) != 0) {
                dest = page;
            } else if ((entry & KimageEntry.IND_INDIRECTION) != 0) {
                next = page;
            } else if ((entry & KimageEntry.IND_DONE) != 0) {
                break;
            } else if ((entry & KimageEntry.IND_SOURCE) != 0) {
                mem.copy(dest, page, 4096);
                dest += 4096;
            }
            entry = mem.read64(next);
            next += 8;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ShaRegion r : params.regions()) {
                md.update(mem.read(r.start(), (int) r.len()));
            }
            if (!Arrays.equals(md.digest(), params.sha256())) {
                return KexecOutcome.failed("purgatory: SHA-256 mismatch", List.of());
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!Arrays.equals(mem.read(params.kernelEntry(), STUB.length), STUB)
                || mem.read32(params.bootParams() + BootParams.OFF_HEADER) != BootParams.HDRS_MAGIC) {
            return KexecOutcome.failed("entry: bad kernel or boot_params", List.of());
        }
        return KexecOutcome.booted(params.bootParams(), List.of());
    }
}
