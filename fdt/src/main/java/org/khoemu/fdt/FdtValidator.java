// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Java-side checks of an untrusted blob, done before libfdt touches it: the header must be
 * readable inside the buffer, carry the magic and a version this reader supports, and every
 * block it points at (reserve map, structure, strings) must lie inside {@code totalsize},
 * which itself must fit in the buffer. After this, libfdt's {@code fdt_check_full} can walk
 * the blob without reading past its end. Errors use the code libfdt would use.
 */
final class FdtValidator {
    static final int FDT_BEGIN_NODE = 1;

    private FdtValidator() {
    }

    /**
     * Validates the blob at {@code buf}'s position; the bytes available are
     * {@code buf.remaining()}. Returns the header.
     */
    static FdtHeader validate(ByteBuffer buf) {
        long avail = buf.remaining();
        if (avail < FdtHeader.SIZE) {
            throw fail(FdtError.TRUNCATED, "only " + avail + " bytes, the header needs " + FdtHeader.SIZE);
        }
        FdtHeader h = FdtHeader.readFrom(buf);
        if (h.magic() != FdtHeader.MAGIC) {
            throw fail(FdtError.BADMAGIC, String.format("magic 0x%08x, expected 0x%08x", h.magic(), FdtHeader.MAGIC));
        }
        // v17 is what libfdt and dtc write; older layouts lack size_dt_struct, which the range checks need
        if (h.version() < FdtHeader.VERSION || h.lastCompVersion() > FdtHeader.VERSION) {
            throw fail(FdtError.BADVERSION, "version " + Integer.toUnsignedString(h.version())
                    + ", last_comp_version " + Integer.toUnsignedString(h.lastCompVersion())
                    + "; supported: version >= 17, last_comp_version <= 17");
        }
        long total = h.totalsizeUnsigned();
        if (total < FdtHeader.SIZE) {
            throw fail(FdtError.TRUNCATED, "totalsize " + total + " is smaller than the header");
        }
        if (total > avail) {
            throw fail(FdtError.TRUNCATED, "totalsize " + total + " exceeds the " + avail + " bytes available");
        }
        checkBlock("memory reserve map", h.offMemRsvmapUnsigned(), 0, total);
        checkBlock("structure block", h.offDtStructUnsigned(), h.sizeDtStructUnsigned(), total);
        checkBlock("strings block", h.offDtStringsUnsigned(), h.sizeDtStringsUnsigned(), total);
        checkReserveMap(buf, h.offMemRsvmapUnsigned(), total);
        checkRootFirst(buf, h);
        return h;
    }

    private static void checkBlock(String what, long off, long size, long total) {
        if (off < FdtHeader.SIZE || off > total || size > total - off) {
            throw fail(FdtError.TRUNCATED, what + " [" + off + ", +" + size + ") is outside the header's "
                    + FdtHeader.SIZE + ".." + total + " range");
        }
    }

    /**
     * The reserve map has no size field: like libfdt's {@code fdt_num_mem_rsv}, it ends at the
     * first entry whose size is 0, which must lie inside the blob.
     */
    private static void checkReserveMap(ByteBuffer buf, long off, long total) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        int base = buf.position();
        for (long e = off; ; e += FdtHeader.RESERVE_ENTRY_SIZE) {
            if (e + FdtHeader.RESERVE_ENTRY_SIZE > total) {
                throw new FdtException("memory reserve map", FdtError.TRUNCATED,
                        "no terminating entry before totalsize " + total);
            }
            if (b.getLong(base + (int) e + 8) == 0) { // libfdt ends the map at the first zero size
                return;
            }
        }
    }

    /**
     * Readers address the root as offset 0, but fdt_check_full accepts a structure block that
     * starts with a property or NOP before the root; such a blob would fail every later call.
     */
    private static void checkRootFirst(ByteBuffer buf, FdtHeader h) {
        if (h.sizeDtStructUnsigned() < 4) {
            throw new FdtException("structure block", FdtError.TRUNCATED,
                    h.sizeDtStructUnsigned() + " bytes, no room for the root node");
        }
        int tag = buf.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(buf.position() + h.offDtStruct());
        if (tag != FDT_BEGIN_NODE) {
            throw new FdtException("structure block", FdtError.BADSTRUCTURE,
                    String.format("starts with tag 0x%x, not the root node's FDT_BEGIN_NODE", tag));
        }
    }

    private static FdtException fail(FdtError e, String detail) {
        return new FdtException("header", e, detail);
    }
}
