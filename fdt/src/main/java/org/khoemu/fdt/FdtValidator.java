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
    /** The version-16 header ends before {@code size_dt_struct}, which version 17 added. */
    static final int V16_HEADER_SIZE = FdtHeader.OFF_SIZE_DT_STRUCT;
    static final int VERSION_16 = 16;

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
                    + "; supported: version 16 (converted by fdt_open_into, as dtc reads it) or >= 17, "
                    + "last_comp_version <= 17");
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

    /** True for a blob that says it is version 16 (what {@code dtc -V 16} writes). */
    static boolean isVersion16(ByteBuffer buf) {
        return buf.remaining() >= V16_HEADER_SIZE && buf.order(ByteOrder.BIG_ENDIAN).getInt(buf.position()) == FdtHeader.MAGIC
                && buf.getInt(buf.position() + FdtHeader.OFF_VERSION) == VERSION_16;
    }

    /**
     * The checks of {@link #validate} that a version-16 header allows, before libfdt's
     * {@code fdt_open_into} reads it: the structure block has no size yet, so it must only start
     * inside {@code totalsize}; libfdt bounds its walk of the block by {@code totalsize}.
     * Returns the total size.
     */
    static int validateV16(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        int p = buf.position();
        long avail = buf.remaining();
        if (Integer.toUnsignedLong(b.getInt(p + FdtHeader.OFF_LAST_COMP_VERSION)) > VERSION_16) {
            throw fail(FdtError.BADVERSION, "version 16 with last_comp_version "
                    + Integer.toUnsignedString(b.getInt(p + FdtHeader.OFF_LAST_COMP_VERSION)));
        }
        long total = Integer.toUnsignedLong(b.getInt(p + FdtHeader.OFF_TOTALSIZE));
        if (total < V16_HEADER_SIZE) {
            throw fail(FdtError.TRUNCATED, "totalsize " + total + " is smaller than the version-16 header");
        }
        if (total > avail) {
            throw fail(FdtError.TRUNCATED, "totalsize " + total + " exceeds the " + avail + " bytes available");
        }
        long rsv = Integer.toUnsignedLong(b.getInt(p + FdtHeader.OFF_OFF_MEM_RSVMAP));
        checkBlock("memory reserve map", rsv, 0, total, V16_HEADER_SIZE);
        checkBlock("structure block", Integer.toUnsignedLong(b.getInt(p + FdtHeader.OFF_OFF_DT_STRUCT)), 4, total,
                V16_HEADER_SIZE);
        checkBlock("strings block", Integer.toUnsignedLong(b.getInt(p + FdtHeader.OFF_OFF_DT_STRINGS)),
                Integer.toUnsignedLong(b.getInt(p + FdtHeader.OFF_SIZE_DT_STRINGS)), total, V16_HEADER_SIZE);
        checkReserveMap(buf, rsv, total);
        return (int) total;
    }

    private static void checkBlock(String what, long off, long size, long total) {
        checkBlock(what, off, size, total, FdtHeader.SIZE);
    }

    private static void checkBlock(String what, long off, long size, long total, int headerSize) {
        if (off < headerSize || off > total || size > total - off) {
            throw fail(FdtError.TRUNCATED, what + " [" + off + ", +" + size + ") is outside the header's "
                    + headerSize + ".." + total + " range");
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
