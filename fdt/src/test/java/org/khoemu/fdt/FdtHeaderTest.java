// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FdtHeaderTest {
    @Test
    void sizeAndOffsetsArePinned() {
        assertEquals(40, FdtHeader.SIZE);
        int[] offsets = {FdtHeader.OFF_MAGIC, FdtHeader.OFF_TOTALSIZE, FdtHeader.OFF_OFF_DT_STRUCT,
                FdtHeader.OFF_OFF_DT_STRINGS, FdtHeader.OFF_OFF_MEM_RSVMAP, FdtHeader.OFF_VERSION,
                FdtHeader.OFF_LAST_COMP_VERSION, FdtHeader.OFF_BOOT_CPUID_PHYS, FdtHeader.OFF_SIZE_DT_STRINGS,
                FdtHeader.OFF_SIZE_DT_STRUCT};
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(4 * i, offsets[i]);
        }
        assertEquals(0xd00dfeed, FdtHeader.MAGIC);
        assertEquals(16, FdtHeader.RESERVE_ENTRY_SIZE);
    }

    @Test
    void fieldsAreBigEndianWhateverTheBufferOrder() {
        FdtHeader h = new FdtHeader(FdtHeader.MAGIC, 0x11223344, 0x40, 0xbc, 0x30, 17, 16, 5, 0x30, 0x7c);
        ByteBuffer le = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        le.position(8);
        h.writeTo(le);
        assertEquals(8, le.position(), "writeTo does not move the buffer");
        byte[] raw = le.array();
        assertArrayEquals(new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed}, java.util.Arrays.copyOfRange(raw, 8, 12));
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33, 0x44}, java.util.Arrays.copyOfRange(raw, 12, 16));
        assertEquals(h, FdtHeader.readFrom(le));
        assertEquals(h, FdtHeader.readFrom(raw, 8));
        assertArrayEquals(java.util.Arrays.copyOfRange(raw, 8, 48), h.toBytes());
    }

    @Test
    void unsignedViewsDoNotGoNegative() {
        FdtHeader h = new FdtHeader(FdtHeader.MAGIC, 0xffff_fff0, 0x8000_0000, 0, 0, 17, 16, 0, -1, 0);
        assertEquals(0xffff_fff0L, h.totalsizeUnsigned());
        assertEquals(0x8000_0000L, h.offDtStructUnsigned());
        assertEquals(0xffff_ffffL, h.sizeDtStringsUnsigned());
    }

    @Test
    void readsTheGoldenHeaderLikeFdtdump() {
        FdtHeader h = FdtHeader.readFrom(TestBlobs.resource("golden/luo-seed.dtb"));
        assertEquals(new FdtHeader(FdtHeader.MAGIC, 0xec, 0x40, 0xbc, 0x30, 17, 16, 0, 0x30, 0x7c), h);
    }
}
