// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.testkho;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtName;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.kho.KhoFdtBlob;
import org.khoemu.kernel.kho.KhoOut;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.Vmalloc;
import org.khoemu.kernel.mm.VmallocArea;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Model of {@code lib/test_kho.c}. On a boot without a {@code kho_test} subtree it allocates
 * random-order folios (seeded) up to {@code maxMem}, fills them with seeded random bytes,
 * checksums them and preserves them with an index ({@code phys | order} in a vmalloc'd array)
 * under a {@code kho-test-v1} sub-FDT. On the next KHO boot it restores everything and logs
 * {@code KHO restore succeeded} or {@code KHO restore failed}.
 */
public final class TestKho implements KernelSubsystem {
    public static final String KHO_TEST_FDT = "kho_test";
    public static final String KHO_TEST_COMPAT = "kho-test-v1";
    // constant node and property names, encoded once for libfdt
    private static final FdtName ROOT = FdtName.of("");
    private static final FdtName COMPATIBLE = FdtName.of("compatible");
    private static final FdtName COMPAT_NAME = FdtName.of(KHO_TEST_COMPAT);
    private static final FdtName MAGIC = FdtName.of("magic");
    private static final FdtName DATA = FdtName.of("data");
    private static final FdtName NR_FOLIOS = FdtName.of("nr_folios");
    private static final FdtName FOLIOS_INFO = FdtName.of("folios_info");
    private static final FdtName CSUM = FdtName.of("csum");
    public static final int KHO_TEST_MAGIC = 0x4b484f21;
    /** Default {@code max_mem}: twice the largest buddy block. */
    public static final long DEFAULT_MAX_MEM = (Folio.PAGE_SIZE << BuddyAllocator.MAX_PAGE_ORDER) * 2;

    /** What happened on this boot. */
    public enum Result { DISABLED, SAVED, RESTORED, RESTORE_FAILED }

    private final long seed;
    private final long maxMem;
    private Result result;
    private final List<Folio> folios = new ArrayList<>();
    private final List<Folio> restored = new ArrayList<>();
    private int csum;
    private long fdtPa;

    public TestKho(long seed) {
        this(seed, DEFAULT_MAX_MEM);
    }

    public TestKho(long seed, long maxMem) {
        this.seed = seed;
        this.maxMem = (maxMem + Folio.PAGE_SIZE - 1) & -Folio.PAGE_SIZE;
    }

    @Override
    public String name() {
        return "test_kho";
    }

    /** {@code module_init} runs at device_initcall time, after {@code kho_init}: the late hook. */
    @Override
    public void lateInit(KernelContext k) {
        if (!khoEnabled(k)) {
            result = Result.DISABLED;
            return;
        }
        long phys;
        try {
            phys = k.khoIn().retrieveSubtree(KHO_TEST_FDT);
        } catch (KernelException e) {
            if (e.errno() != Errno.ENOENT) {
                k.log().err("test_kho", "failed to retrieve " + KHO_TEST_FDT + " FDT: -" + e.errno().value());
                throw e;
            }
            save(k);
            return;
        }
        k.steps().enter("kho_test_restore");
        String err = restore(k, phys);
        result = err == null ? Result.RESTORED : Result.RESTORE_FAILED;
        k.log().printk(err == null ? KernelLog.Level.INFO : KernelLog.Level.ERR, "test_kho", err == null ? "KHO restore succeeded" : "KHO restore failed (" + err + ")");
    }

    private static boolean khoEnabled(KernelContext k) {
        return !(k.khoOut() instanceof KhoOut o) || o.isEnabled();
    }

    public Result result() {
        return result;
    }

    /** Kernel A: the folios it preserved. */
    public List<Folio> folios() {
        return List.copyOf(folios);
    }

    /** Kernel B: the folios restored, in index order, with the order the old kernel recorded. */
    public List<Folio> restored() {
        return List.copyOf(restored);
    }

    public int csum() {
        return csum;
    }

    public long fdtPa() {
        return fdtPa;
    }

    private void save(KernelContext k) {
        k.steps().enter("kho_test_save");
        PhysMem mem = k.mem();
        Random rnd = new Random(seed);
        long allocSize = 0;
        int sum = 0;
        try {
            while (allocSize < maxMem) {
                int order = rnd.nextInt(BuddyAllocator.MAX_PAGE_ORDER + 1);
                if (allocSize + (Folio.PAGE_SIZE << order) > maxMem) {
                    order = KhoOut.getOrder(maxMem - allocSize);
                    if (order > 0) {
                        order--;
                    }
                }
                Folio f = k.pages().allocFolio(order, false);
                folios.add(f);
                byte[] data = new byte[(int) f.size()];
                rnd.nextBytes(data);
                mem.write(f.pa(), data);
                sum = Csum.partial(mem, f.pa(), f.size(), sum);
                allocSize += f.size();
            }
        } catch (KernelException e) {
            folios.forEach(k.pages()::folioPut);
            folios.clear();
            throw e;
        }
        csum = sum;
        preserve(k);
        result = Result.SAVED;
    }

    private void preserve(KernelContext k) {
        KhoOutgoing kho = k.khoOut();
        long fdtSize = folios.size() * 8L + Folio.PAGE_SIZE;
        Folio fdt = k.pages().allocFolio(KhoOut.getOrder(fdtSize), false);
        kho.preserveFolio(fdt);
        VmallocArea info = Vmalloc.vzalloc((BuddyAllocator) k.pages(), folios.size() * 8L, "vmalloc_array");
        KhoVmalloc desc = kho.preserveVmalloc(info);
        for (int i = 0; i < folios.size(); i++) {
            Folio f = folios.get(i);
            Vmalloc.write64(k.mem(), info, i * 8L, f.pa() | f.order());
            kho.preserveFolio(f);
        }
        FdtWriter w = FdtWriter.create((int) fdtSize);
        w.finishReservemap();
        w.beginNode(ROOT);
        w.propertyString(COMPATIBLE, KHO_TEST_COMPAT);
        w.propertyRawU32(MAGIC, KHO_TEST_MAGIC);
        w.beginNode(DATA);
        w.propertyRawU32(NR_FOLIOS, folios.size());
        w.property(FOLIOS_INFO, kvmallocBytes(desc));
        w.propertyRawU32(CSUM, csum);
        w.endNode();
        w.endNode();
        w.finish();
        k.mem().write(fdt.pa(), w.toBytes());
        kho.addSubtree(KHO_TEST_FDT, fdt.pa());
        fdtPa = fdt.pa();
    }

    private static byte[] kvmallocBytes(KhoVmalloc d) {
        HeapPhysMem b = new HeapPhysMem(Folio.PAGE_SIZE);
        d.writeTo(b, 0);
        return b.read(0, KhoVmalloc.SIZE);
    }

    /** {@code kho_test_restore}; returns null on success or what was wrong. */
    private String restore(KernelContext k, long phys) {
        Fdt fdt;
        try {
            fdt = KhoFdtBlob.read(k.mem(), phys);
        } catch (KernelException e) {
            return e.getMessage();
        }
        if (!fdt.nodeCheckCompatible(Fdt.ROOT, COMPAT_NAME)) {
            return "not " + KHO_TEST_COMPAT;
        }
        byte[] magic = fdt.getprop(Fdt.ROOT, MAGIC);
        if (magic == null || magic.length != 4 || Fdt.rawU32(magic) != KHO_TEST_MAGIC) {
            return "bad magic";
        }
        int node = fdt.subnode(Fdt.ROOT, DATA);
        byte[] nr = node < 0 ? null : fdt.getprop(node, NR_FOLIOS);
        byte[] old = node < 0 ? null : fdt.getprop(node, CSUM);
        byte[] info = node < 0 ? null : fdt.getprop(node, FOLIOS_INFO);
        if (nr == null || nr.length != 4 || old == null || old.length != 4 || info == null
                || info.length != KhoVmalloc.SIZE) {
            return "bad /data node";
        }
        HeapPhysMem b = new HeapPhysMem(Folio.PAGE_SIZE);
        b.write(0, info);
        VmallocArea area = k.khoIn().restoreVmalloc(KhoVmalloc.readFrom(b, 0));
        if (area == null) {
            return "folios_info could not be restored";
        }
        long n = Integer.toUnsignedLong(Fdt.rawU32(nr));
        if (n * 8 > area.size()) {
            return "nr_folios larger than folios_info";
        }
        int sum = 0;
        for (long i = 0; i < n; i++) {
            long e = Vmalloc.read64(k.mem(), area, i * 8);
            int order = (int) (e & (Folio.PAGE_SIZE - 1));
            long pa = e & -Folio.PAGE_SIZE;
            Folio f = k.khoIn().restoreFolio(pa);
            if (f == null || f.order() != order) {
                break;
            }
            restored.add(f);
            sum = Csum.partial(k.mem(), f.pa(), f.size(), sum);
            k.pages().folioPut(f);
        }
        Vmalloc.vfree(k.pages(), area);
        csum = sum;
        return sum == Fdt.rawU32(old) ? null : "checksum mismatch";
    }
}
