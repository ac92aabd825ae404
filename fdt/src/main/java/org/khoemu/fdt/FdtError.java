// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

/**
 * libfdt's error codes ({@code FDT_ERR_*} in libfdt.h 1.6.1). libfdt returns them negated;
 * {@link #code()} is the positive value. The enum constant names, prefixed with
 * {@code FDT_ERR_}, are exactly what {@code fdt_strerror} prints.
 */
public enum FdtError {
    NOTFOUND(1, "the requested node or property does not exist"),
    EXISTS(2, "the node or property already exists"),
    NOSPACE(3, "the buffer is too small for the operation"),
    BADOFFSET(4, "the offset does not point at the right kind of tag"),
    BADPATH(5, "the path is malformed"),
    BADPHANDLE(6, "the phandle value is invalid"),
    BADSTATE(7, "the call is not allowed in the writer's current state"),
    TRUNCATED(8, "the blob or a structure inside it ends too early"),
    BADMAGIC(9, "no FDT magic number"),
    BADVERSION(10, "unsupported FDT version"),
    BADSTRUCTURE(11, "the structure block is corrupt"),
    BADLAYOUT(12, "the blocks are in an order this operation cannot handle"),
    INTERNAL(13, "libfdt internal error"),
    BADNCELLS(14, "bad #address-cells or #size-cells"),
    BADVALUE(15, "a property has an unexpected value"),
    BADOVERLAY(16, "the overlay is malformed"),
    NOPHANDLES(17, "no phandle values are left"),
    BADFLAGS(18, "invalid flags"),
    ALIGNMENT(19, "the blob is not 8-byte aligned");

    private final int code;
    private final String description;

    FdtError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The positive libfdt code, e.g. 7 for {@code FDT_ERR_BADSTATE}. */
    public int code() {
        return code;
    }

    /** The macro name as in libfdt.h, e.g. {@code FDT_ERR_BADSTATE}. */
    public String macroName() {
        return "FDT_ERR_" + name();
    }

    public String description() {
        return description;
    }

    /**
     * Maps a libfdt return value ({@code -code} or {@code code}) to the enum; codes this
     * libfdt version does not define map to {@link #INTERNAL}.
     */
    public static FdtError fromCode(int code) {
        int c = Math.abs(code);
        for (FdtError e : values()) {
            if (e.code == c) {
                return e;
            }
        }
        return INTERNAL;
    }
}
