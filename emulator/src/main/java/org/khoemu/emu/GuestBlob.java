// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One guest program as the build produced it: the flat image ({@code <name>.bin}, entry at
 * offset 0) and the offsets of its instructions ({@code <name>.insn}), which let the host count
 * executed instructions per translated block instead of per instruction.
 */
final class GuestBlob {
    private static final String DIR = "/org/khoemu/emu/guest/";

    final String name;
    private final byte[] image;
    private final int[] insnOffsets;

    private GuestBlob(String name, byte[] image, int[] insnOffsets) {
        this.name = name;
        this.image = image;
        this.insnOffsets = insnOffsets;
    }

    static GuestBlob load(String name) {
        byte[] bin = resource(name + ".bin");
        String[] lines = new String(resource(name + ".insn"), StandardCharsets.US_ASCII).trim().split("\\s+");
        int[] offs = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            offs[i] = Integer.parseInt(lines[i], 16);
        }
        Arrays.sort(offs);
        return new GuestBlob(name, bin, offs);
    }

    private static byte[] resource(String file) {
        try (InputStream in = GuestBlob.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("guest code resource " + DIR + file
                        + " is missing: build the emulator module (its build compiles src/main/guest with gcc)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] image() {
        return image.clone();
    }

    int length() {
        return image.length;
    }

    /** Instructions that start in {@code [from, to)} (offsets in the image). */
    long instructionsIn(long from, long to) {
        if (to <= 0 || from >= image.length) {
            return 0;
        }
        return lowerBound(to) - lowerBound(from);
    }

    private int lowerBound(long off) {
        int lo = 0;
        int hi = insnOffsets.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (insnOffsets[mid] < off) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
