// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

/**
 * The one exception of the fdt module: a libfdt error (returned by libfdt, or detected in
 * Java before the call would reach libfdt) together with the operation that failed.
 * Message form: {@code fdt_property(liveupdate-number): FDT_ERR_BADSTATE}, optionally
 * followed by a detail in parentheses.
 */
public final class FdtException extends RuntimeException {
    private final FdtError error;
    private final String operation;

    public FdtException(String operation, FdtError error) {
        this(operation, error, null);
    }

    public FdtException(String operation, FdtError error, String detail) {
        super(operation + ": " + error.macroName() + (detail == null ? "" : " (" + detail + ")"));
        this.error = error;
        this.operation = operation;
    }

    /** Wraps a negative libfdt return value. */
    static FdtException fromReturn(String operation, int rc) {
        FdtError e = FdtError.fromCode(rc);
        String detail = e.code() == -rc ? null : "unknown libfdt error " + rc;
        return new FdtException(operation, e, detail);
    }

    /** Throws for a negative libfdt return value; returns a non-negative one. */
    static int check(String operation, int rc) {
        if (rc < 0) {
            throw fromReturn(operation, rc);
        }
        return rc;
    }

    /**
     * libfdt's node walkers treat a negative offset as "start of the tree", so a -1 from a failed
     * lookup passed back in would silently read the root's children. Reject it here.
     */
    static void checkNode(String operation, int node) {
        if (node < 0) {
            throw new FdtException(operation, FdtError.BADOFFSET, "negative node offset " + node);
        }
    }

    public FdtError error() {
        return error;
    }

    /** The libfdt call or check that failed, e.g. {@code fdt_begin_node(luo-session)}. */
    public String operation() {
        return operation;
    }
}
