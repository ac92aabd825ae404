// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.fdt.Fdt;
import org.khoemu.fdt.FdtException;
import org.khoemu.fdt.FdtName;
import org.khoemu.fdt.FdtWriter;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.port.PhysMem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LUO FDT, written with libfdt's sequential writer into its preserved page (in place when
 * RAM is native memory) and read back in the next kernel from untrusted RAM bytes. Public for
 * the benchmarks, which time both halves on the machine's RAM.
 */
public final class LuoFdt {
    private LuoFdt() {
    }

    private static final FdtName ROOT_NAME = FdtName.of("");
    private static final FdtName COMPATIBLE = FdtName.of("compatible");

    /**
     * A generation's constant names, encoded once into native memory: a {@code String} handed
     * to libfdt is re-marshalled by JNA on every call (about 8 µs per tree, native-deps.md).
     */
    record Names(FdtName luoCompatible, FdtName liveupdateNumber, FdtName sessionNode, FdtName sessionCompatible,
                 FdtName sessionHeader) {
        private static final Map<LuoAbiProfile, Names> BY_PROFILE = new ConcurrentHashMap<>();

        static Names of(LuoAbiProfile p) {
            return BY_PROFILE.computeIfAbsent(p, q -> new Names(FdtName.of(q.luoCompatible()),
                    FdtName.of(q.liveupdateNumberProperty()), FdtName.of(q.sessionNodeName()),
                    FdtName.of(q.sessionCompatible()), FdtName.of(q.sessionHeaderProperty())));
        }
    }

    /** The seed's emission order: compatible, liveupdate-number, then the session node. */
    public static void write(PhysMem mem, LuoAbiProfile p, long fdtPa, long liveupdateNumber, long sessionBlockPa) {
        int size = p.fdtSize();
        long host = mem.hostAddress(fdtPa, size);
        Names n = Names.of(p);
        FdtWriter w = host != 0 ? FdtWriter.createAt(host, size) : FdtWriter.create(size);
        w.finishReservemap()
                .beginNode(ROOT_NAME)
                .propertyString(COMPATIBLE, p.luoCompatible())
                .propertyRawU64(n.liveupdateNumber(), liveupdateNumber)
                .beginNode(n.sessionNode())
                .propertyString(COMPATIBLE, p.sessionCompatible())
                .propertyRawU64(n.sessionHeader(), sessionBlockPa)
                .endNode()
                .endNode()
                .finish();
        if (host == 0) {
            mem.write(fdtPa, w.toBytes());
        }
    }

    /** What {@code luo_early_startup} and {@code luo_session_setup_incoming} read. */
    public record Incoming(long liveupdateNumber, long sessionBlockPa) {
    }

    /** A check the incoming data failed: the kernel's {@code pr_err} text. */
    public static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    /** Reads and checks the LUO FDT at {@code fdtPa}; nothing is trusted. */
    public static Incoming read(PhysMem mem, LuoAbiProfile p, long fdtPa, KernelLog log) throws Invalid {
        String entry = p.khoEntryName();
        if (fdtPa < 0 || fdtPa >= mem.size()) {
            throw new Invalid(String.format("FDT '%s' at %#x is outside RAM", entry, fdtPa));
        }
        int len = (int) Math.min(p.fdtSize(), mem.size() - fdtPa);
        Fdt fdt;
        try {
            fdt = Fdt.fromBytes(mem.read(fdtPa, len));
        } catch (FdtException | IllegalArgumentException e) {
            int code = e instanceof FdtException fe ? -fe.error().code() : -1;
            throw new Invalid(String.format("FDT '%s' is incompatible with '%s' [%d]", entry, p.luoCompatible(), code));
        }
        try {
            return check(fdt, p, entry, log);
        } catch (FdtException e) {
            throw new Invalid(String.format("FDT '%s' is not readable [%d]", entry, -e.error().code()));
        }
    }

    private static Incoming check(Fdt fdt, LuoAbiProfile p, String entry, KernelLog log) throws Invalid {
        Names n = Names.of(p);
        if (!fdt.nodeCheckCompatible(Fdt.ROOT, n.luoCompatible())) {
            throw new Invalid(String.format("FDT '%s' is incompatible with '%s' [%d]", entry, p.luoCompatible(),
                    compatibleResult(fdt, Fdt.ROOT)));
        }
        byte[] ln = fdt.getprop(Fdt.ROOT, n.liveupdateNumber());
        if (ln == null || ln.length != 8) {
            throw new Invalid(String.format("Unable to get live update number '%s' [%d]",
                    p.liveupdateNumberProperty(), ln == null ? -1 : ln.length));
        }
        long number = Fdt.rawU64(ln);
        log.printk("luo", "Retrieved live update data, liveupdate number: " + number);
        int node = fdt.subnode(Fdt.ROOT, n.sessionNode());
        if (node < 0) {
            throw new Invalid(String.format("Unable to get session node: [%s]", p.sessionNodeName()));
        }
        if (!fdt.nodeCheckCompatible(node, n.sessionCompatible())) {
            throw new Invalid(String.format("Session node incompatible [%s]", p.sessionCompatible()));
        }
        byte[] hdr = fdt.getprop(node, n.sessionHeader());
        if (hdr == null || hdr.length != 8) {
            throw new Invalid(String.format("Unable to get session header '%s' [%d]",
                    p.sessionHeaderProperty(), hdr == null ? -1 : hdr.length));
        }
        return new Incoming(number, Fdt.rawU64(hdr));
    }

    /** What {@code fdt_node_check_compatible} returned: 1 no match, -1 no property. */
    private static int compatibleResult(Fdt fdt, int node) {
        return fdt.getprop(node, COMPATIBLE) == null ? -1 : 1;
    }
}
