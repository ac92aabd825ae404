// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.luo.abi.seedv6.LuoFileSer;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * A complete seed-v6 handover laid out by hand in 16 MiB of heap RAM, with FDTs from the real
 * libfdt: two sessions, the first with a 10000-byte memfd (folios at page index 0 and 2, a hole
 * at 1) and an empty memfd.
 */
public final class SyntheticHandover {
    public static final long RAM = 16 << 20;
    public static final long BP = 0x100000;
    public static final long SD = 0x101000;
    public static final long KHO_FDT = 0x200000;
    public static final long MEM_MAP = 0x210000;
    public static final long BITMAP = 0x211000;
    public static final long LUO_FDT = 0x220000;
    public static final long BLOCK = 0x400000;
    public static final long FILES = 0x500000;
    public static final long MEMFD0 = 0x510000;
    public static final long MEMFD1 = 0x510040;
    public static final long VCHUNK = 0x520000;
    public static final long VPIECE = 0x530000;
    public static final long PAGE0 = 0x600000;
    public static final long PAGE2 = 0x602000;
    public static final long MEMFD_SIZE = 10000;

    public final PhysMem mem;
    public final String sha0;

    private static void seedSession(PhysMem mem, long pa, String name, long files, long pgcnt, long count) {
        mem.write(pa, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mem.write64(pa + 56, files);
        mem.write64(pa + 64, pgcnt);
        mem.write64(pa + 72, count);
    }

    SyntheticHandover() throws Exception {
        this(new HeapPhysMem(RAM));
    }

    /** Lays the handover out in {@code mem} (at least 16 MiB, zeroed). */
    public SyntheticHandover(PhysMem mem) throws Exception {
        this.mem = mem;
        mem.write16(BP + BootParams.OFF_BOOT_FLAG, BootParams.BOOT_FLAG);
        mem.write32(BP + BootParams.OFF_HEADER, BootParams.HDRS_MAGIC);
        mem.write64(BP + BootParams.OFF_SETUP_DATA, SD);
        new SetupData(0, SetupData.SETUP_KEXEC_KHO, KhoData.SIZE).writeTo(mem, SD);
        new KhoData(KHO_FDT, 4096, 0x300000, 16).writeTo(mem, SD + SetupData.SIZE);

        mem.write(KHO_FDT, FdtWriter.create(4096).finishReservemap().beginNode("")
                .propertyString("compatible", "kho-v1").propertyRawU64("preserved-memory-map", MEM_MAP)
                .beginNode("LUO").propertyRawU64("fdt", LUO_FDT).endNode().endNode().finish().toBytes());
        mem.write(LUO_FDT, FdtWriter.create(4096).finishReservemap().beginNode("")
                .propertyString("compatible", "luo-v1").propertyRawU64("liveupdate-number", 1)
                .beginNode("luo-session").propertyString("compatible", "luo-session-v1")
                .propertyRawU64("luo-session-header", BLOCK).endNode().endNode().finish().toBytes());

        // kho-v1 map: one order-0 chunk whose bitmap marks the two memfd pages
        mem.write64(MEM_MAP, 0);
        mem.write32(MEM_MAP + 8, 0);
        mem.write32(MEM_MAP + 12, 1);
        mem.write64(MEM_MAP + 16, 0);
        mem.write64(MEM_MAP + 24, BITMAP);
        setBit(PAGE0 >> 12);
        setBit(PAGE2 >> 12);

        // abi-reference 1.4, by hand (this is the inspector's oracle): header {pgcnt, count}, then
        // 80-byte entries {name[56], files @56, pgcnt @64, count @72}
        mem.write64(BLOCK, 16);
        mem.write64(BLOCK + 8, 2);
        seedSession(mem, BLOCK + 16, "session-0", FILES, 2, 2);
        seedSession(mem, BLOCK + 16 + 80, "session-1", 0, 0, 0);
        new LuoFileSer("memfd-v1", MEMFD0, 0x11).writeTo(mem, FILES);
        new LuoFileSer("memfd-v1", MEMFD1, 0x12).writeTo(mem, FILES + 64);
        new MemfdLuoSer(0, MEMFD_SIZE, 2, new KhoVmalloc(VCHUNK, 1, KhoVmalloc.KHO_VMALLOC_ALLOC, (short) 0))
                .writeTo(mem, MEMFD0);
        new MemfdLuoSer(0, 0, 0, new KhoVmalloc(0, 0, (short) 0, (short) 0)).writeTo(mem, MEMFD1);
        mem.write64(VCHUNK, 0);
        mem.write64(VCHUNK + 8, VPIECE);
        new MemfdLuoFolioSer(PAGE2 >> 12, MemfdLuoFolioSer.UPTODATE, 2).writeTo(mem, VPIECE);
        new MemfdLuoFolioSer(PAGE0 >> 12, MemfdLuoFolioSer.UPTODATE, 0).writeTo(mem, VPIECE + 16);

        byte[] p0 = new byte[4096];
        byte[] p2 = new byte[4096];
        Random rnd = new Random(7);
        rnd.nextBytes(p0);
        rnd.nextBytes(p2);
        mem.write(PAGE0, p0);
        mem.write(PAGE2, p2);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(p0);
        md.update(new byte[4096]);
        md.update(p2, 0, (int) (MEMFD_SIZE - 8192));
        sha0 = HexFormat.of().formatHex(md.digest());
    }

    private void setBit(long bit) {
        long pa = BITMAP + bit / 8;
        mem.write8(pa, (byte) (mem.read8(pa) | (1 << (bit % 8))));
    }

    static String emptySha() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest());
    }
}
