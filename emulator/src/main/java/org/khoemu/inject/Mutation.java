// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a fault does to a target's bytes. Integers are read and written in the target's byte
 * order and width; {@code plus1} and {@code minus1} wrap. Each mutation applies only where it
 * means something ({@link #appliesTo}): boundaries to counts, names to names, addresses to
 * physical-address fields, a cycle to list links. Every value is computed from the clean
 * handover, so a fault's id is all a replay needs.
 */
public enum Mutation {
    ZERO("zero"),
    ONES("ones"),
    PLUS_ONE("plus1"),
    MINUS_ONE("minus1"),
    /** One bit, chosen by the fault ({@code flipN}). */
    FLIP("flip"),
    /** A count set to the largest the layout allows. */
    MAX("max"),
    /** A count one past the largest the layout allows. */
    OVER_MAX("overmax"),
    /** A count whose entries run a page past the block that holds them. */
    PAST_BLOCK("pastblock"),
    /** A name field filled with non-zero bytes: no NUL left. */
    UNTERMINATED("unterminated"),
    /** A session name replaced by another session's. */
    DUP_NAME("dupname"),
    /** An address at the first page past RAM. */
    OUTSIDE_RAM("outside"),
    /** An address inside the first KHO scratch area. */
    IN_SCRATCH("scratch"),
    /** An address of another preserved object. */
    OTHER_OBJECT("other"),
    /** A list link pointing back at the struct that holds it. */
    CYCLE("cycle"),
    /** An FDT property cut to half its length through libfdt (the blob re-packed): see {@link FdtTruncate}. */
    TRUNCATE("truncate"),
    /** Kernel B's n-th page allocation during the restore fails with ENOMEM ({@code failN}), as iommufd's fail_nth. */
    FAIL_NTH("fail");

    private final String key;

    Mutation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** True when this mutation makes sense for {@code t}. */
    public boolean appliesTo(Target t) {
        boolean address = t.kind() == Target.Kind.ADDRESS || t.kind() == Target.Kind.LINK;
        if (t.kind() == Target.Kind.ALLOC) {
            return this == FAIL_NTH;
        }
        return switch (this) {
            case FAIL_NTH -> false;
            case ZERO, ONES, FLIP -> true;
            case PLUS_ONE, MINUS_ONE -> t.isInteger() && t.kind() != Target.Kind.BYTES;
            case MAX, OVER_MAX, PAST_BLOCK -> t.kind() == Target.Kind.COUNT;
            case UNTERMINATED -> t.kind() == Target.Kind.NAME;
            case DUP_NAME -> t.kind() == Target.Kind.NAME && t.sibling() >= 0;
            case OUTSIDE_RAM, IN_SCRATCH, OTHER_OBJECT -> address && t.size() >= 4;
            case CYCLE -> t.kind() == Target.Kind.LINK && t.self() >= 0;
            case TRUNCATE -> t.fdt() != null && t.size() >= 2;
        };
    }

    /** The target's new bytes; {@code bit} is used by {@link #FLIP} only, {@code sibling} by {@link #DUP_NAME}. */
    public byte[] apply(Target t, byte[] old, int bit, FaultAddresses a, byte[] sibling) {
        byte[] b = old.clone();
        switch (this) {
            case ZERO -> Arrays.fill(b, (byte) 0);
            case ONES -> Arrays.fill(b, (byte) 0xff);
            case FLIP -> b[bit / 8] ^= (byte) (1 << (bit % 8));
            case PLUS_ONE -> b = encode(t, decode(t, old) + 1);
            case MINUS_ONE -> b = encode(t, decode(t, old) - 1);
            case MAX -> b = encode(t, t.max());
            case OVER_MAX -> b = encode(t, t.max() + 1);
            case PAST_BLOCK -> b = encode(t, t.past());
            case UNTERMINATED -> {
                for (int i = 0; i < b.length; i++) {
                    if (b[i] == 0) {
                        b[i] = 'x';
                    }
                }
            }
            case DUP_NAME -> b = Arrays.copyOf(sibling, b.length);
            case OUTSIDE_RAM -> b = encode(t, a.ramSize());
            case IN_SCRATCH -> b = encode(t, a.scratch());
            case OTHER_OBJECT -> b = encode(t, a.other(decode(t, old), t.self()));
            case CYCLE -> b = encode(t, t.self());
            case TRUNCATE -> throw new IllegalArgumentException("truncate resizes the blob: FdtTruncate applies it");
            case FAIL_NTH -> throw new IllegalArgumentException("fail changes no bytes: kernel B's allocator fails");
        }
        return b;
    }

    /** True for the mutations whose id carries a number: {@code flipN} (a bit), {@code failN} (an allocation). */
    public boolean takesNumber() {
        return this == FLIP || this == FAIL_NTH;
    }

    /** How many numbers there are for {@code t}: its bits for a flip, its allocations for a failure. */
    long numbers(Target t) {
        return this == FLIP ? t.size() * 8L : this == FAIL_NTH ? t.max() : 1;
    }

    /** The target's bytes as an unsigned integer in its byte order (the low 8 bytes). */
    static long decode(Target t, byte[] v) {
        ByteBuffer bb = ByteBuffer.wrap(Arrays.copyOf(v, 8)).order(ByteOrder.LITTLE_ENDIAN);
        if (!t.bigEndian()) {
            return bb.getLong(0);
        }
        long x = 0;
        for (byte c : v) {
            x = (x << 8) | (c & 0xff);
        }
        return x;
    }

    /** {@code x} in the target's width and byte order (truncated). */
    static byte[] encode(Target t, long x) {
        byte[] b = new byte[t.size()];
        for (int i = 0; i < b.length && i < 8; i++) {
            int at = t.bigEndian() ? b.length - 1 - i : i;
            b[at] = (byte) (x >>> (8 * i));
        }
        return b;
    }

    /** The mutation named {@code key} ({@code zero}, {@code ones}, {@code plus1}, ...), or null. */
    public static Mutation byKey(String key) {
        for (Mutation m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}
