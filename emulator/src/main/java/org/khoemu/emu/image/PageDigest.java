// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.khoemu.emu.PhysicalMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the non-zero pages of RAM in address order, each fed as its physical address
 * (u64 little-endian) followed by its 4096 bytes. Two RAMs with the same digest hold the same
 * bytes everywhere (zero pages contribute nothing, by construction).
 */
public final class PageDigest {
    private final MessageDigest md;
    private final ByteBuffer addr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private long pages;
    private String hex;

    public PageDigest() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds one non-zero page; {@code page} holds exactly its 4096 bytes (position..limit). */
    public void add(long pa, ByteBuffer page) {
        if (hex != null) {
            throw new IllegalStateException("page digest already finished");
        }
        addr.clear();
        addr.putLong(pa).flip();
        md.update(addr);
        md.update(page);
        pages++;
    }

    public long pages() {
        return pages;
    }

    /** The digest in hex; finishes the digest, so later calls return the same value. */
    public String hex() {
        if (hex == null) {
            hex = HexFormat.of().formatHex(md.digest());
        }
        return hex;
    }

    /** The digest of all non-zero pages of {@code mem}, found through its data extents. */
    public static String of(PhysicalMemory mem) {
        PageDigest d = new PageDigest();
        for (long[] ext : mem.dataExtents()) {
            for (long pa = ext[0] & ~4095L; pa < ext[1]; pa += 4096) {
                if (!mem.isZeroPage(pa)) {
                    d.add(pa, mem.window(pa, 4096));
                }
            }
        }
        return d.hex();
    }
}
