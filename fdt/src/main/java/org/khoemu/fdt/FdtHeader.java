// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 40-byte FDT header ({@code struct fdt_header}, version 17), all fields big-endian u32.
 * The record components are the Java form of libfdt's {@code fdt_magic()},
 * {@code fdt_totalsize()}, ... accessor macros. Fields are unsigned in the format; use the
 * {@code ...Unsigned()} views when comparing sizes.
 */
public record FdtHeader(int magic, int totalsize, int offDtStruct, int offDtStrings, int offMemRsvmap,
                        int version, int lastCompVersion, int bootCpuidPhys, int sizeDtStrings,
                        int sizeDtStruct) {
    public static final int SIZE = 40;
    public static final int OFF_MAGIC = 0;
    public static final int OFF_TOTALSIZE = 4;
    public static final int OFF_OFF_DT_STRUCT = 8;
    public static final int OFF_OFF_DT_STRINGS = 12;
    public static final int OFF_OFF_MEM_RSVMAP = 16;
    public static final int OFF_VERSION = 20;
    public static final int OFF_LAST_COMP_VERSION = 24;
    public static final int OFF_BOOT_CPUID_PHYS = 28;
    public static final int OFF_SIZE_DT_STRINGS = 32;
    public static final int OFF_SIZE_DT_STRUCT = 36;

    /** {@code FDT_MAGIC}. */
    public static final int MAGIC = 0xd00dfeed;
    /** The version libfdt's sequential writer produces ({@code FDT_LAST_SUPPORTED_VERSION}). */
    public static final int VERSION = 17;
    /** The oldest version a v17 blob stays compatible with ({@code FDT_LAST_COMPATIBLE_VERSION}). */
    public static final int LAST_COMP_VERSION = 16;
    /** Size of one memory reservation entry ({@code struct fdt_reserve_entry}: two fdt64). */
    public static final int RESERVE_ENTRY_SIZE = 16;

    /** Reads the header at the buffer's current position (big-endian whatever the buffer order). */
    public static FdtHeader readFrom(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        int p = buf.position();
        return new FdtHeader(b.getInt(p + OFF_MAGIC), b.getInt(p + OFF_TOTALSIZE), b.getInt(p + OFF_OFF_DT_STRUCT),
                b.getInt(p + OFF_OFF_DT_STRINGS), b.getInt(p + OFF_OFF_MEM_RSVMAP), b.getInt(p + OFF_VERSION),
                b.getInt(p + OFF_LAST_COMP_VERSION), b.getInt(p + OFF_BOOT_CPUID_PHYS),
                b.getInt(p + OFF_SIZE_DT_STRINGS), b.getInt(p + OFF_SIZE_DT_STRUCT));
    }

    /** Reads the header at {@code offset} of {@code blob}. */
    public static FdtHeader readFrom(byte[] blob, int offset) {
        return readFrom(ByteBuffer.wrap(blob, offset, SIZE).slice());
    }

    public static FdtHeader readFrom(byte[] blob) {
        return readFrom(blob, 0);
    }

    /** Reads the header from native memory (exactly {@link #SIZE} bytes are read). */
    public static FdtHeader readFrom(Pointer p) {
        return readFrom(p.getByteArray(0, SIZE));
    }

    /** Writes the header at the buffer's current position without moving it. */
    public void writeTo(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        int p = buf.position();
        b.putInt(p + OFF_MAGIC, magic).putInt(p + OFF_TOTALSIZE, totalsize)
                .putInt(p + OFF_OFF_DT_STRUCT, offDtStruct).putInt(p + OFF_OFF_DT_STRINGS, offDtStrings)
                .putInt(p + OFF_OFF_MEM_RSVMAP, offMemRsvmap).putInt(p + OFF_VERSION, version)
                .putInt(p + OFF_LAST_COMP_VERSION, lastCompVersion).putInt(p + OFF_BOOT_CPUID_PHYS, bootCpuidPhys)
                .putInt(p + OFF_SIZE_DT_STRINGS, sizeDtStrings).putInt(p + OFF_SIZE_DT_STRUCT, sizeDtStruct);
    }

    public void writeTo(byte[] blob, int offset) {
        writeTo(ByteBuffer.wrap(blob, offset, SIZE).slice());
    }

    /** The header as its 40 bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        writeTo(b, 0);
        return b;
    }

    public long totalsizeUnsigned() {
        return Integer.toUnsignedLong(totalsize);
    }

    public long offDtStructUnsigned() {
        return Integer.toUnsignedLong(offDtStruct);
    }

    public long offDtStringsUnsigned() {
        return Integer.toUnsignedLong(offDtStrings);
    }

    public long offMemRsvmapUnsigned() {
        return Integer.toUnsignedLong(offMemRsvmap);
    }

    public long sizeDtStringsUnsigned() {
        return Integer.toUnsignedLong(sizeDtStrings);
    }

    public long sizeDtStructUnsigned() {
        return Integer.toUnsignedLong(sizeDtStruct);
    }
}
