// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.khoemu.kernel.port.PurgatoryParams;
import org.khoemu.kernel.port.ShaRegion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The parameter block inside the purgatory image ({@code struct purgatory_params} in
 * purgatory.c), found by its magic "KHOEPURG": magic u64 @0, kernel_entry u64 @8, boot_params
 * u64 @16, nr_regions u32 @24, max_regions u32 @28, sha256[32] @32, regions[max] of
 * {start u64, len u64} @64, then computed[32] (the digest purgatory got) after the regions,
 * then region_sha256[max][32]: each region's own digest, khoemu's addition that purgatory reads
 * only after the overall digest failed, to name the region.
 */
final class PurgatoryBlock {
    static final long MAGIC = 0x47525550454f484bL;
    static final int OFF_KERNEL_ENTRY = 8;
    static final int OFF_BOOT_PARAMS = 16;
    static final int OFF_NR_REGIONS = 24;
    static final int OFF_MAX_REGIONS = 28;
    static final int OFF_SHA256 = 32;
    static final int OFF_REGIONS = 64;
    static final int REGION_SIZE = 16;

    private PurgatoryBlock() {
    }

    /** Offset of the block in the image; exactly one 8-aligned magic must be present. */
    static int find(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int found = -1;
        for (int i = 0; i + 8 <= image.length; i += 8) {
            if (b.getLong(i) == MAGIC) {
                if (found >= 0) {
                    throw new IllegalStateException("purgatory image has two parameter blocks");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("purgatory image has no parameter block (magic KHOEPURG)");
        }
        return found;
    }

    static int maxRegions(byte[] image) {
        return ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt(find(image) + OFF_MAX_REGIONS);
    }

    static int offComputed(int maxRegions) {
        return OFF_REGIONS + maxRegions * REGION_SIZE;
    }

    static int offRegionSha256(int maxRegions) {
        return offComputed(maxRegions) + PurgatoryParams.SHA256_SIZE;
    }

    /** A copy of {@code image} with {@code p} patched in. */
    static byte[] patch(byte[] image, PurgatoryParams p) {
        byte[] out = image.clone();
        int at = find(out);
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int max = b.getInt(at + OFF_MAX_REGIONS);
        if (p.regions().size() > max) {
            throw new IllegalArgumentException(String.format("purgatory takes at most %d SHA regions, got %d",
                    max, p.regions().size()));
        }
        b.putLong(at + OFF_KERNEL_ENTRY, p.kernelEntry());
        b.putLong(at + OFF_BOOT_PARAMS, p.bootParams());
        b.putInt(at + OFF_NR_REGIONS, p.regions().size());
        b.put(at + OFF_SHA256, p.sha256());
        int r = at + OFF_REGIONS;
        for (ShaRegion s : p.regions()) {
            if (s.start() < 0 || s.len() < 0 || s.start() + s.len() < s.start()) {
                throw new IllegalArgumentException(String.format("bad SHA region 0x%x+0x%x", s.start(), s.len()));
            }
            b.putLong(r, s.start());
            b.putLong(r + 8, s.len());
            r += REGION_SIZE;
        }
        int d = at + offRegionSha256(max);
        for (byte[] sha : p.regionSha256()) {
            b.put(d, sha);
            d += PurgatoryParams.SHA256_SIZE;
        }
        return out;
    }
}
