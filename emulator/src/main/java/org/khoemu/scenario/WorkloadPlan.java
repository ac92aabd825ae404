// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    /**
     * The content of file {@code j} of session {@code i}: {@code cfg.memfdSize()} seeded bytes,
     * all at once. Only for small files: a run streams them with {@link #contentStream}.
     */
    public byte[] content(int i, int j) {
        ContentStream s = contentStream(i, j);
        byte[] b = new byte[Math.toIntExact(cfg.memfdSize())];
        s.next(b, b.length);
        return b;
    }

    /** The same bytes as {@link #content}, in pieces, so a file may be larger than a Java array. */
    public ContentStream contentStream(int i, int j) {
        return new ContentStream(new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + token(i, j)), cfg.memfdSize());
    }

    /** A file's content produced front to back: 8 bytes of the generator per 8 bytes of file. */
    public static final class ContentStream {
        /** Eight bytes of the generator, least significant first. */
        private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        private final SplittableRandom r;
        private long left;

        ContentStream(SplittableRandom r, long size) {
            this.r = r;
            this.left = size;
        }

        public long remaining() {
            return left;
        }

        /**
         * Fills {@code buf[0, n)} with the next {@code n} bytes (fewer at the end) and returns how
         * many. {@code n} must be a multiple of 8 except for the last piece, so the stream stays
         * aligned with the generator.
         */
        public int next(byte[] buf, int n) {
            int len = (int) Math.min(n, left);
            if (len != left && len % 8 != 0) {
                throw new IllegalArgumentException("a content piece must be a multiple of 8 bytes");
            }
            int whole = len & ~7;
            for (int k = 0; k < whole; k += 8) {
                LE_LONG.set(buf, k, r.nextLong());
            }
            if (whole < len) {
                long v = r.nextLong();
                for (int m = 0; whole + m < len; m++) {
                    buf[whole + m] = (byte) (v >>> (8 * m));
                }
            }
            left -= len;
            return len;
        }
    }

    public static String sha256(byte[] b) {
        MessageDigest md = newSha256();
        md.update(b);
        return hex(md);
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
