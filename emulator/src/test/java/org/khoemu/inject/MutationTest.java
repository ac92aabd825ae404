// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.junit.jupiter.api.Test;
import org.khoemu.inspect.BadFieldException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MutationTest {
    static final FaultAddresses ADDR = new FaultAddresses(0x8000000L, 0x1000000L, List.of(0x2000L, 0x3000L, 0x5000L));
    static final Target U32 = Target.plain("x.n", "luo-session", 0x100, 4, Target.Kind.NUMBER, false);

    static byte[] apply(Mutation m, Target t, byte[] v, int bit) {
        return m.apply(t, v, bit, ADDR, null);
    }

    @Test
    void eachMutationChangesTheBytesAsNamed() {
        byte[] v = {(byte) 0xff, 0x01, 0, 0};
        assertArrayEquals(new byte[4], apply(Mutation.ZERO, U32, v, 0));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, apply(Mutation.ONES, U32, v, 0));
        assertArrayEquals(new byte[] {0, 0x02, 0, 0}, apply(Mutation.PLUS_ONE, U32, v, 0)); // 0x1ff + 1, little-endian
        assertArrayEquals(new byte[4], apply(Mutation.PLUS_ONE, U32, new byte[] {-1, -1, -1, -1}, 0)); // wraps
        assertArrayEquals(new byte[] {(byte) 0xfe, 0x01, 0, 0}, apply(Mutation.MINUS_ONE, U32, v, 0));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, apply(Mutation.MINUS_ONE, U32, new byte[4], 0)); // wraps
        assertArrayEquals(new byte[] {(byte) 0xff, 0x01, 0x04, 0}, apply(Mutation.FLIP, U32, v, 18));
        assertArrayEquals(new byte[] {(byte) 0xff, 0x01, 0, 0}, v); // the input is left alone
    }

    @Test
    void bigEndianFieldsCountInTheirOwnOrder() {
        Target be = Target.plain("fdt-header:luo.totalsize", "fdt-header", 4, 4, Target.Kind.NUMBER, true);
        assertArrayEquals(new byte[] {0, 0, 1, 0}, apply(Mutation.PLUS_ONE, be, new byte[] {0, 0, 0, (byte) 0xff}, 0));
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0xef}, apply(Mutation.MINUS_ONE, be, new byte[] {0, 0, 0, (byte) 0xf0}, 0));
    }

    @Test
    void boundariesAddressesNamesAndCycles() {
        Target count = U32.withCount(819, 871);
        assertArrayEquals(new byte[] {0x33, 0x03, 0, 0}, apply(Mutation.MAX, count, new byte[4], 0)); // 819
        assertArrayEquals(new byte[] {0x34, 0x03, 0, 0}, apply(Mutation.OVER_MAX, count, new byte[4], 0)); // 820
        assertArrayEquals(new byte[] {0x67, 0x03, 0, 0}, apply(Mutation.PAST_BLOCK, count, new byte[4], 0)); // 871
        Target addr = Target.plain("a.files", "luo-session", 0x100, 8, Target.Kind.ADDRESS, false);
        assertEquals(0x8000000L, Mutation.decode(addr, apply(Mutation.OUTSIDE_RAM, addr, new byte[8], 0)));
        assertEquals(0x1000000L, Mutation.decode(addr, apply(Mutation.IN_SCRATCH, addr, new byte[8], 0)));
        byte[] at2000 = Mutation.encode(addr, 0x2000);
        assertEquals(0x3000L, Mutation.decode(addr, apply(Mutation.OTHER_OBJECT, addr, at2000, 0))); // not its own
        Target link = Target.plain("c.hdr.next", "kho-memmap", 0x5000, 8, Target.Kind.LINK, false).withSelf(0x5000);
        assertEquals(0x5000L, Mutation.decode(link, apply(Mutation.CYCLE, link, new byte[8], 0)));
        Target name = Target.plain("s.name", "luo-session", 0x100, 6, Target.Kind.NAME, false).withSibling(0x200);
        byte[] unterminated = apply(Mutation.UNTERMINATED, name, new byte[] {'a', 'b', 0, 0, 0, 0}, 0);
        assertArrayEquals(new byte[] {'a', 'b', 'x', 'x', 'x', 'x'}, unterminated);
        assertArrayEquals(new byte[] {'c', 'd', 0, 0, 0, 0},
                Mutation.DUP_NAME.apply(name, new byte[6], 0, ADDR, new byte[] {'c', 'd', 0, 0, 0, 0}));
    }

    @Test
    void mutationsApplyOnlyWhereTheyMeanSomething() {
        Target name = Target.plain("s.name", "luo-session", 0, 56, Target.Kind.NAME, false);
        Target addr = Target.plain("a.files", "luo-session", 0, 8, Target.Kind.ADDRESS, false);
        Target data = Target.plain("data[0][0][0]", "data", 0, 8, Target.Kind.BYTES, false);
        assertTrue(Mutation.UNTERMINATED.appliesTo(name));
        assertFalse(Mutation.DUP_NAME.appliesTo(name)); // no sibling
        assertFalse(Mutation.PLUS_ONE.appliesTo(name));
        assertFalse(Mutation.OUTSIDE_RAM.appliesTo(U32));
        assertTrue(Mutation.OUTSIDE_RAM.appliesTo(addr));
        assertFalse(Mutation.CYCLE.appliesTo(addr));
        assertFalse(Mutation.MAX.appliesTo(addr));
        assertFalse(Mutation.PLUS_ONE.appliesTo(data));
        assertTrue(Mutation.FLIP.appliesTo(data));
        assertFalse(Mutation.TRUNCATE.appliesTo(addr)); // not an FDT property
        Target alloc = new Target("alloc", "alloc", 0, 0, Target.Kind.ALLOC, false, 5, -1, -1, -1, null);
        assertTrue(Mutation.FAIL_NTH.appliesTo(alloc));
        assertFalse(Mutation.FLIP.appliesTo(alloc));
        assertFalse(Mutation.FAIL_NTH.appliesTo(data));
        assertTrue(Mutation.TRUNCATE.appliesTo(addr.withFdt(new Target.FdtSpot(0x1000, 4096, "/", "fdt"))));
    }

    @Test
    void idsRoundTripAndBadOnesAreRefused() {
        for (String id : new String[] {"smoke:seed-v6:luo_session_ser[1].count:ones",
                "smoke:v6.19:khoser_mem_chunk[0].bitmaps[2].phys_start:flip63", "smoke:seed-v6:luo_file_ser[0][1].token:plus1",
                "all:seed-v6:fdt-prop:luo:/luo-session:luo-session-header:other", "fdt:v6.19:fdt-header:kho.magic:minus1",
                "all:seed-v6:luo_session_header_ser.count:overmax", "boot:seed-v6:setup_data[0].next:cycle", "fdt:seed-v6:fdt-prop:kho:/:preserved-memory-map:truncate",
                "alloc:seed-v6:alloc:fail3"}) {
            assertEquals(id, Fault.parse(id).id());
        }
        Fault f = Fault.parse("all:seed-v6:fdt-prop:kho:/LUO:fdt:flip7");
        assertEquals(new Fault("all", "seed-v6", "fdt-prop:kho:/LUO:fdt", Mutation.FLIP, 7), f);
        for (String bad : new String[] {"luo_session_ser[1].count:ones", "smoke:seed-v6:x:flip", "smoke:seed-v6:x:ones3",
                "smoke:seed-v6:x:twice", "alloc:seed-v6:alloc:fail"}) {
            assertThrows(BadFieldException.class, () -> Fault.parse(bad), bad);
        }
    }
}
