// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

/**
 * {@code union kho_page_info}: the head page's {@code private} word of a preserved block in the
 * new kernel, {@code order} u32 in the low half and {@code magic} u32 (KHOP) in the high half.
 */
public final class KhoPageInfo {
    /** {@code KHO_PAGE_MAGIC}, ASCII "KHOP". */
    public static final int KHO_PAGE_MAGIC = 0x4b484f50;

    private KhoPageInfo() {
    }

    public static long encode(int order) {
        return ((long) KHO_PAGE_MAGIC << 32) | (order & 0xffff_ffffL);
    }

    public static int magic(long priv) {
        return (int) (priv >>> 32);
    }

    public static int order(long priv) {
        return (int) priv;
    }
}
