// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.kexec.KexecFileLoader;
import org.khoemu.kernel.kexec.Kimage;
import org.khoemu.kernel.kho.KhoIn;
import org.khoemu.kernel.kho.KhoGeneration;
import org.khoemu.kernel.kho.KhoOut;
import org.khoemu.kernel.kho.KhoPreservedBlock;
import org.khoemu.kernel.kho.KhoScratchAreas;
import org.khoemu.kernel.kho.KhoScratchSizing;
import org.khoemu.kernel.kho.generations.KhoGenerations;
import org.khoemu.kernel.mm.AllocationLog;
import org.khoemu.kernel.mm.AllocationRecord;
import org.khoemu.kernel.mm.BuddyAllocator;
import org.khoemu.kernel.mm.Folio;
import org.khoemu.kernel.mm.MemMap;
import org.khoemu.kernel.mm.Memblock;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.KexecHardware;
import org.khoemu.kernel.port.KexecOutcome;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.x86.HandoverParams;
import org.khoemu.kernel.x86.KhoData;

import java.util.List;

/**
 * One booted kernel. Boot order: memblock from the e820 map, {@code kho_populate} (handover
 * boot), boot reservations (low 1 MiB, kernel image, memmap), {@code kho_memory_init} (first
 * KHO boot: reserve scratch; handover boot: walk the preserved map), the buddy allocator
 * ({@code memblock_free_all}), {@code kho_init}, then the subsystems' early and late initcalls.
 */
public final class Kernel implements KernelContext {
    /** Physical load address and size of the model's kernel image (x86 default 16 MiB). */
    public static final long KERNEL_IMAGE_PA = 16L << 20;
    public static final long KERNEL_IMAGE_SIZE = 8L << 20;
    /** x86 keeps the first 1 MiB (BIOS, real-mode trampoline) away from the allocator. */
    public static final long LOW_RESERVED = 1L << 20;
    /** {@code sizeof(struct page)}: the memmap costs 64 bytes per 4 KiB page. */
    public static final int STRUCT_PAGE_SIZE = 64;

    /** Allocation-log phases. */
    public static final String PHASE_SETUP_ARCH = "setup_arch";
    public static final String PHASE_MM_INIT = "mm_core_init";
    public static final String PHASE_INITCALLS = "initcalls";
    public static final String PHASE_RUNNING = "running";

    private final PhysMem mem;
    private final KernelLog log;
    private final StepObserver steps;
    private final Cmdline cmdline;
    private final List<E820Entry> e820;
    private final List<KernelSubsystem> subsystems;
    private final AllocationLog allocLog = new AllocationLog();
    private final Memblock memblock;
    private final MemMap memmap;
    /** The KHO generation this kernel was built with: what it writes and what it accepts. */
    private final KhoGeneration gen;
    private BuddyAllocator buddy;
    private KhoIn khoIn;
    private KhoOut khoOut;
    private Kimage kimage;
    /** {@code CONFIG_KEXEC_HANDOVER_ENABLE_DEFAULT}: KHO is on unless the command line says {@code kho=off}. */
    private boolean khoDefaultOn;
    /** Armed on the page allocator as soon as it is up (boot from a handover only). */
    private long failNth;

    private Kernel(PhysMem mem, List<E820Entry> e820, String cmdline, KernelLog log, StepObserver steps,
                   List<KernelSubsystem> subsystems) {
        this.mem = mem;
        this.e820 = List.copyOf(e820);
        this.cmdline = new Cmdline(cmdline);
        this.log = log;
        this.steps = steps;
        this.subsystems = List.copyOf(subsystems);
        this.memblock = new Memblock(mem, allocLog);
        this.memmap = new MemMap(mem.size());
        this.gen = khoGeneration(this.subsystems);
    }

    /**
     * The KHO generation the subsystems ride on ({@link KernelSubsystem#khoGeneration}: LUO's
     * ABI profile names it), kho-v1 when none cares. Two subsystems wanting different
     * generations cannot be one kernel: IllegalArgumentException.
     */
    static KhoGeneration khoGeneration(List<KernelSubsystem> subsystems) {
        String name = null;
        for (KernelSubsystem s : subsystems) {
            String want = s.khoGeneration();
            if (want != null && name != null && !want.equals(name)) {
                throw new IllegalArgumentException("subsystem " + s.name() + " rides on " + want
                        + " but another one on " + name);
            }
            name = want != null ? want : name;
        }
        return name == null ? KhoGenerations.DEFAULT : KhoGenerations.byName(name);
    }

    /** Boots on a machine fresh from firmware. */
    public static Kernel coldBoot(PhysMem mem, List<E820Entry> firmwareMap, String cmdline, KernelLog log,
                                  StepObserver steps, List<KernelSubsystem> subsystems) {
        steps.enter("setup_arch");
        Kernel k = new Kernel(mem, firmwareMap, cmdline, log, steps, subsystems);
        k.boot(null, List.of());
        return k;
    }

    /**
     * Boots the kernel a kexec entered: e820, command line and {@code SETUP_KEXEC_KHO} come from
     * the boot_params page at {@code bootParamsPa} in RAM and from nothing else.
     */
    public static Kernel bootFromHandover(PhysMem mem, long bootParamsPa, KernelLog log, StepObserver steps,
                                          List<KernelSubsystem> subsystems) {
        return bootFromHandover(mem, bootParamsPa, log, steps, subsystems, false);
    }

    /**
     * As {@link #bootFromHandover(PhysMem, long, KernelLog, StepObserver, List)} for a kernel
     * built with {@code KEXEC_HANDOVER_ENABLE_DEFAULT} when {@code khoDefaultOn}: KHO (and with it
     * {@code /dev/liveupdate}'s outgoing side) is on without {@code kho=on}, as a real kernel of
     * that config boots.
     */
    public static Kernel bootFromHandover(PhysMem mem, long bootParamsPa, KernelLog log, StepObserver steps,
                                          List<KernelSubsystem> subsystems, boolean khoDefaultOn) {
        return bootFromHandover(mem, bootParamsPa, log, steps, subsystems, khoDefaultOn, 0);
    }

    /**
     * As above, with the {@code failNth}-th page allocation from the moment the page allocator is
     * up failing with ENOMEM (0: none), as iommufd's {@code fail_nth} arms a task; see
     * {@link BuddyAllocator#failNth}.
     */
    public static Kernel bootFromHandover(PhysMem mem, long bootParamsPa, KernelLog log, StepObserver steps,
                                          List<KernelSubsystem> subsystems, boolean khoDefaultOn, long failNth) {
        steps.enter("setup_arch");
        HandoverParams hp = HandoverParams.read(mem, bootParamsPa);
        Kernel k = new Kernel(mem, hp.e820(), hp.cmdline(), log, steps, subsystems);
        k.khoDefaultOn = khoDefaultOn;
        k.failNth = failNth;
        k.boot(hp.kho(), hp.reservedRanges());
        return k;
    }

    private void boot(KhoData handover, List<long[]> setupRanges) {
        log.printk("", "Command line: " + cmdline.text());
        allocLog.setPhase(PHASE_SETUP_ARCH);
        steps.enter("e820__memblock_setup");
        memblock.addFromFirmwareMap(e820);
        khoIn = handover == null ? KhoIn.none(mem, log, steps, gen)
                : KhoIn.populate(mem, memblock, log, steps, gen, handover);
        memblock.reserve(0, LOW_RESERVED);
        setupRanges.forEach(r -> memblock.reserve(r[0], r[1]));
        if (handover == null) {
            memblock.reserveKern(KERNEL_IMAGE_PA, KERNEL_IMAGE_SIZE);
        }
        steps.enter("sparse_init");
        long memmapSize = (mem.size() >>> Folio.PAGE_SHIFT) * STRUCT_PAGE_SIZE;
        if (memblock.physAllocRange(memmapSize, Folio.PAGE_SIZE, 0, Memblock.ALLOC_ANYWHERE, "memmap") == 0) {
            throw new org.khoemu.kernel.KernelPanic("Failed to allocate " + memmapSize + " bytes for the memmap");
        }
        KhoScratchAreas scratch = khoMemoryInit();
        allocLog.setPhase(PHASE_MM_INIT);
        steps.enter("memblock_free_all");
        buddy = new BuddyAllocator(mem, memmap, allocLog, log);
        buddy.failNth(failNth);
        if (scratch != null) {
            scratch.areas().forEach(s -> buddy.addCmaRange(s.addr(), s.size()));
            if (scratch != khoIn.scratch()) {
                // kho_init hands freshly reserved scratch to the buddy allocator as CMA
                scratch.areas().forEach(s -> memblock.physFree(s.addr(), s.size()));
            }
        }
        memblock.freeAll(buddy);
        khoIn.attach(buddy);
        allocLog.setPhase(PHASE_INITCALLS);
        // kho_init: the outgoing side needs kho=on on this kernel's command line too
        if (scratch != null && cmdline.bool("kho", khoDefaultOn)) {
            khoOut = new KhoOut(mem, buddy, scratch, gen, log, steps);
            khoOut.init();
        } else {
            khoOut = KhoOut.disabled(mem, buddy, log, steps);
        }
        for (KernelSubsystem s : subsystems) {
            steps.enter("early_initcall:" + s.name());
            initcall(s, true);
        }
        for (KernelSubsystem s : subsystems) {
            steps.enter("late_initcall:" + s.name());
            initcall(s, false);
        }
        allocLog.setPhase(PHASE_RUNNING);
    }

    private void initcall(KernelSubsystem s, boolean early) {
        try {
            if (early) {
                s.earlyInit(this);
            } else {
                s.lateInit(this);
            }
        } catch (KernelException e) {
            log.err("", "initcall " + s.name() + " returned -" + e.errno().value() + ": " + e.getMessage());
        }
    }

    /**
     * {@code kho_memory_init}: on a KHO boot keeps the inherited scratch (even without
     * {@code kho=on}, as the kernel does) and walks the map; a failed walk only forgets the
     * handover FDT, nothing new is reserved (memblock is still scratch-only then). Otherwise
     * reserves fresh scratch if {@code kho=on}. Returns the scratch areas, null when there are none.
     */
    private KhoScratchAreas khoMemoryInit() {
        steps.enter("kho_memory_init");
        if (khoIn.scratch() != null) {
            khoIn.walkMemoryMap(memblock, memmap);
            return khoIn.scratch();
        }
        if (!cmdline.bool("kho", khoDefaultOn)) {
            return null;
        }
        KhoScratchSizing sizing = KhoScratchSizing.DEFAULT;
        String p = cmdline.get("kho_scratch");
        if (p != null) {
            try {
                sizing = KhoScratchSizing.parse(p);
            } catch (IllegalArgumentException e) {
                log.warn("", "Malformed early option 'kho_scratch': " + e.getMessage());
            }
        }
        return KhoScratchAreas.reserve(memblock, mem, sizing, log);
    }

    /** {@code kexec_file_load}: loads the next kernel with {@code cmdline}; replaces an earlier image. */
    public void kexecFileLoad(KexecHardware hw, String nextCmdline) {
        steps.enter("kexec_file_load");
        Kimage img = KexecFileLoader.load(new KexecFileLoader.Env(mem, buddy, memblock, khoOut, e820), hw, nextCmdline);
        if (kimage != null) {
            kimage.free();
        }
        kimage = img;
        log.printk("kexec", String.format("loaded %d segments, entry 0x%x, boot_params 0x%x",
                img.segments().size(), img.startAddress(), img.bootParams()));
    }

    /**
     * {@code reboot(LINUX_REBOOT_CMD_KEXEC)}: every subsystem's reboot hook (a
     * {@link KernelException} aborts the reboot and is thrown with its errno), then
     * {@code machine_kexec} on the hardware.
     */
    public KexecOutcome rebootKexec(KexecHardware hw) {
        steps.enter("kernel_kexec");
        if (kimage == null) {
            throw new KernelException(Errno.EINVAL, "reboot(KEXEC) without a loaded image");
        }
        for (KernelSubsystem s : subsystems) {
            s.reboot(this);
        }
        khoIn.reportLeaks();
        steps.enter("machine_kexec");
        log.printk("kexec", "Starting new kernel");
        return hw.machineKexec(kimage.head(), kimage.controlPage(), kimage.startAddress());
    }

    @Override
    public PhysMem mem() {
        return mem;
    }

    @Override
    public KernelLog log() {
        return log;
    }

    @Override
    public StepObserver steps() {
        return steps;
    }

    @Override
    public String cmdline() {
        return cmdline.text();
    }

    @Override
    public boolean khoEnabledByDefault() {
        return khoDefaultOn;
    }

    @Override
    public BuddyAllocator pages() {
        return buddy;
    }

    @Override
    public KhoOut khoOut() {
        return khoOut;
    }

    @Override
    public KhoIn khoIn() {
        return khoIn;
    }

    public Memblock memblock() {
        return memblock;
    }

    public List<E820Entry> firmwareMap() {
        return e820;
    }

    /** The loaded image, null before {@link #kexecFileLoad}. */
    public Kimage kimage() {
        return kimage;
    }

    /** Every memblock and buddy allocation of this kernel's lifetime. */
    public List<AllocationRecord> allocationLog() {
        return allocLog.records();
    }

    /** The KHO generation of this kernel (from its subsystems; kho-v1 by default). */
    public KhoGeneration khoGeneration() {
        return gen;
    }

    /** The blocks the previous kernel preserved (empty on a cold or failed-revival boot). */
    public List<KhoPreservedBlock> preservedBlocks() {
        return khoIn.preservedBlocks();
    }
}
