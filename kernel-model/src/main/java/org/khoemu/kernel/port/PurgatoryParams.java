// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

import java.util.List;

/**
 * What the kexec loader hands purgatory: the SHA-256 digest of the loaded segments, the regions
 * it covers, and where to jump on success (kernel entry with RSI = boot_params).
 */
public record PurgatoryParams(long kernelEntry, long bootParams, byte[] sha256, List<ShaRegion> regions) {
    public PurgatoryParams {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("SHA-256 digest must be 32 bytes");
        }
        sha256 = sha256.clone();
        regions = List.copyOf(regions);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }
}
