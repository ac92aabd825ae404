// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * What userspace of each generation preserves, derived from the configuration alone: session
 * names, tokens, and memfd contents drawn from the seed. Generation g (1 for the first update)
 * names its sessions {@code session-<i>} (first update) or {@code gen<g>-session-<i>}, so the
 * names of two generations never collide.
 */
public record WorkloadPlan(ScenarioConfig cfg, int generation) {
    public String sessionName(int i) {
        return generation == 1 ? "session-" + i : "gen" + generation + "-session-" + i;
    }

    /** Token of file {@code j} of session {@code i}: generation, session and file in hex digits. */
    public long token(int i, int j) {
        return ((long) generation << 40) | ((long) i << 20) | j;
    }

    public String memfdName(int i, int j) {
        return sessionName(i) + "-memfd-" + j;
    }

    /** The content of file {@code j} of session {@code i}: {@code cfg.memfdSize()} seeded bytes. */
    public byte[] content(int i, int j) {
        SplittableRandom r = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + token(i, j));
        byte[] b = new byte[Math.toIntExact(cfg.memfdSize())];
        for (int k = 0; k < b.length; k += 8) {
            long v = r.nextLong();
            for (int n = 0; n < 8 && k + n < b.length; n++) {
                b[k + n] = (byte) (v >>> (8 * n));
            }
        }
        return b;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
