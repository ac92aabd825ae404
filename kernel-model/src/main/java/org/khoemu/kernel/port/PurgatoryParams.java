// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

import java.util.ArrayList;
import java.util.List;

/**
 * What the kexec loader hands purgatory: the SHA-256 digest of the loaded segments, the regions
 * it covers, and where to jump on success (kernel entry with RSI = boot_params).
 *
 * <p>{@code regionSha256} holds one SHA-256 per region (same order, 32 bytes each). The real
 * kernel's purgatory has only the overall digest; the per-region ones are khoemu's addition,
 * for diagnostics only: purgatory looks at them only after the overall digest failed, to name
 * the first region that differs. The success path never reads them.
 */
public record PurgatoryParams(long kernelEntry, long bootParams, byte[] sha256, List<ShaRegion> regions,
        List<byte[]> regionSha256) {
    public static final int SHA256_SIZE = 32;

    public PurgatoryParams {
        if (sha256.length != SHA256_SIZE) {
            throw new IllegalArgumentException("SHA-256 digest must be 32 bytes");
        }
        if (regionSha256.size() != regions.size()) {
            throw new IllegalArgumentException(String.format("%d per-region digests for %d regions",
                    regionSha256.size(), regions.size()));
        }
        sha256 = sha256.clone();
        regions = List.copyOf(regions);
        regionSha256 = copies(regionSha256);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public List<byte[]> regionSha256() {
        return copies(regionSha256);
    }

    private static List<byte[]> copies(List<byte[]> digests) {
        List<byte[]> out = new ArrayList<>(digests.size());
        for (byte[] d : digests) {
            if (d.length != SHA256_SIZE) {
                throw new IllegalArgumentException("per-region SHA-256 digest must be 32 bytes, got " + d.length);
            }
            out.add(d.clone());
        }
        return List.copyOf(out);
    }
}
