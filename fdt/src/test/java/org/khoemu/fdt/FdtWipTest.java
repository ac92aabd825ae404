// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FdtWipTest {
    /** The seed LUO blob's liveupdate-number value sits at 0x68 (abi-reference §1.3). */
    private static final int NUMBER_VALUE_OFFSET = 0x68;

    @Test
    void setpropInplaceChangesExactlyTheEightValueBytes() {
        byte[] before = TestBlobs.luoSeed();
        byte[] after = before.clone();
        NativeScratch.edit(after, host -> FdtWip.at(host, after.length)
                .setpropInplaceRawU64(Fdt.ROOT, "liveupdate-number", 0x1122334455667788L));
        for (int i = 0; i < before.length; i++) {
            if (i < NUMBER_VALUE_OFFSET || i >= NUMBER_VALUE_OFFSET + 8) {
                assertEquals(before[i], after[i], "byte " + i + " moved");
            }
        }
        assertArrayEquals(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11},
                java.util.Arrays.copyOfRange(after, NUMBER_VALUE_OFFSET, NUMBER_VALUE_OFFSET + 8));
        assertEquals(0x1122334455667788L, Fdt.rawU64(Fdt.fromBytes(after).getprop(Fdt.ROOT, "liveupdate-number")));
    }

    @Test
    void aValueOfAnotherLengthIsNoSpaceAndAnAbsentPropertyNotFound() {
        byte[] blob = TestBlobs.luoSeed();
        FdtException len = assertThrows(FdtException.class, () -> NativeScratch.edit(blob,
                host -> FdtWip.at(host, blob.length).setpropInplace(Fdt.ROOT, "liveupdate-number", new byte[4])));
        assertEquals(FdtError.NOSPACE, len.error());
        FdtException absent = assertThrows(FdtException.class, () -> NativeScratch.edit(blob,
                host -> FdtWip.at(host, blob.length).setpropInplaceRawU64(Fdt.ROOT, "no-such-prop", 1)));
        assertEquals(FdtError.NOTFOUND, absent.error());
        assertArrayEquals(TestBlobs.luoSeed(), blob, "failed in-place writes leave the blob as it was");
    }

    @Test
    void aCorruptBlobIsRejectedBeforeLibfdtWrites() {
        byte[] blob = TestBlobs.luoSeed();
        blob[0] = 0;
        FdtException e = assertThrows(FdtException.class, () -> NativeScratch.edit(blob,
                host -> FdtWip.at(host, blob.length)));
        assertEquals(FdtError.BADMAGIC, e.error());
    }
}
