// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

/**
 * The model stopped a kernel path at one of its step budgets: a loop driven by handed-over
 * bytes that a real kernel would have run for minutes or forever (e.g. a faithful
 * deserialization walking millions of entries past its block). Not a kernel event: khoemu's
 * limit, reported as a hang.
 */
public final class KernelHang extends RuntimeException {
    public KernelHang(String what) {
        super(what);
    }
}
