// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

import org.khoemu.kernel.port.KexecHardware;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.PurgatoryParams;

import java.util.Arrays;

/**
 * What the loader needs from the hardware, and nothing more: fixed entry-stub and purgatory
 * bytes to place and digest. kernel-model has no CPU, so nothing here can run a kexec; the
 * kexec itself is tested on the emulated machine in the tests module.
 */
final class BlobsOnlyKexecHardware implements KexecHardware {
    static final byte[] STUB = "khoemu-test-entry-stub".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int PURGATORY_LEN = 100;

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
        byte[] img = new byte[PURGATORY_LEN];
        Arrays.fill(img, (byte) 0x90);
        return img;
    }

    @Override
    public KexecOutcome machineKexec(long head, long controlPage, long start) {
        throw new UnsupportedOperationException("no CPU in kernel-model unit tests; kexec runs in the tests module");
    }
}
