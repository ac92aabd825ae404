// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.luov5;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoSerRoot;
import org.khoemu.kernel.port.PhysMem;

/**
 * {@code struct luo_ser} of luo-v5 ({@code __packed}, 32 bytes), the whole KHO blob {@code LUO}:
 * {@code compatible[8]} @0, {@code liveupdate_num} @8, {@code sessions_pa} @16, {@code flbs_pa}
 * @24 (always 0 here: khoemu has no FLB objects).
 */
public final class LuoSer implements LuoSerRoot {
    public static final LuoSer INSTANCE = new LuoSer();

    private static final AbiStruct S = LuoV5.LUO_SER;
    public static final int SIZE = S.size();
    public static final int COMPAT_LEN = S.sizeOf("compatible");
    public static final int OFF_COMPATIBLE = S.offset("compatible");
    public static final int OFF_LIVEUPDATE_NUM = S.offset("liveupdate_num");
    public static final int OFF_SESSIONS_PA = S.offset("sessions_pa");
    public static final int OFF_FLBS_PA = S.offset("flbs_pa");
    private static final String COMPATIBLE = LuoV5.LAYOUT.text("LUO_ABI_COMPATIBLE");
    private static final byte[] COMPAT_FIELD = CString.field(COMPATIBLE, COMPAT_LEN);

    private LuoSer() {
    }

    @Override public int size() { return SIZE; }
    @Override public String compatible() { return COMPATIBLE; }

    @Override
    public void write(PhysMem mem, long pa, long liveupdateNumber, long sessionsPa) {
        mem.write(pa + OFF_COMPATIBLE, COMPAT_FIELD, 0, COMPAT_LEN);
        mem.write64(pa + OFF_LIVEUPDATE_NUM, liveupdateNumber);
        mem.write64(pa + OFF_SESSIONS_PA, sessionsPa);
        mem.write64(pa + OFF_FLBS_PA, 0);
    }

    @Override
    public void writeSessions(PhysMem mem, long pa, long sessionsPa) {
        mem.write64(pa + OFF_SESSIONS_PA, sessionsPa);
    }

    /** {@code strncmp(a, b, n) == 0} on NUL-padded fields of {@code n} bytes. */
    static boolean strncmpEqual(byte[] a, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return false;
            }
            if (a[i] == 0) {
                return true;
            }
        }
        return true;
    }

    @Override
    public Incoming read(PhysMem mem, long pa, long size) throws Invalid {
        if (size < SIZE) {
            throw new Invalid(String.format("LUO blob is %d bytes, smaller than struct luo_ser (%d)", size, SIZE));
        }
        if (pa < 0 || pa > mem.size() - SIZE) {
            throw new Invalid(String.format("LUO blob at %#x is outside RAM", pa));
        }
        byte[] compat = mem.read(pa + OFF_COMPATIBLE, COMPAT_LEN);
        if (!strncmpEqual(compat, COMPAT_FIELD, COMPAT_LEN)) {
            throw new Invalid(String.format("luo_ser is incompatible with '%s' [\"%s\"]", COMPATIBLE, CString.escape(compat)));
        }
        return new Incoming(mem.read64(pa + OFF_LIVEUPDATE_NUM), mem.read64(pa + OFF_SESSIONS_PA),
                mem.read64(pa + OFF_FLBS_PA));
    }
}
