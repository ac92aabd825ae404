// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

/**
 * What a fault does to a field's bytes. Numbers are little-endian; {@code PLUS_ONE} carries
 * across bytes and wraps; {@code FLIP} flips one bit of the field, chosen by the fault.
 */
public enum Mutation {
    ZERO("zero"),
    ONES("ones"),
    PLUS_ONE("plus1"),
    FLIP("flip");

    private final String key;

    Mutation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The field's new bytes; {@code bit} is used by {@link #FLIP} only (0 .. 8 * length - 1). */
    public byte[] apply(byte[] old, int bit) {
        byte[] b = old.clone();
        switch (this) {
            case ZERO -> java.util.Arrays.fill(b, (byte) 0);
            case ONES -> java.util.Arrays.fill(b, (byte) 0xff);
            case PLUS_ONE -> {
                for (int i = 0; i < b.length; i++) {
                    b[i]++;
                    if (b[i] != 0) {
                        break;
                    }
                }
            }
            case FLIP -> b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return b;
    }

    /** The mutation named {@code key} ({@code zero}, {@code ones}, {@code plus1}, {@code flip}), or null. */
    public static Mutation byKey(String key) {
        for (Mutation m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}
