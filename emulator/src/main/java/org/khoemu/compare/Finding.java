// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

/**
 * One field (or unnamed byte range) of one structure in two handovers: its name, its offset in
 * the structure, where each side has it, each side's value as text, and the verdict.
 * {@code what} says which kind of real difference it is ("value", "layout", "order",
 * "property order", "strings block", "missing") and is empty otherwise.
 */
public record Finding(String structure, String field, long offset, int size, long aPa, long bPa, String a, String b,
                      Kind kind, String what) {
    /** The verdict on one field. */
    public enum Kind {
        /** The same bytes. */
        EQUAL,
        /** Both are (non-null) physical addresses or page frames that differ: followed, not compared. */
        ADDRESS,
        /** A real difference. */
        DIFFERENT;

        public String label() {
            return switch (this) {
                case EQUAL -> "equal";
                case ADDRESS -> "address-only";
                case DIFFERENT -> "different";
            };
        }
    }
}
