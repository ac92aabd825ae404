// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.mm.PageAllocator;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.port.PhysMem;
import org.khoemu.kernel.proc.UserProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * A kernel for LUO unit tests: heap RAM, the page-allocator and KHO test doubles, and a Luo
 * taken through early and late init. {@link #kexec()} runs the reboot path and boots the next
 * kernel on the same RAM with a new Luo.
 */
final class FakeKernel implements KernelContext {
    static final long RAM = 16L << 20;
    /** Pages below this stay out of the allocator (firmware, kernel image). */
    static final long LOW = 1L << 20;

    final HeapPhysMem mem;
    final KernelLog log;
    final List<String> steps = new ArrayList<>();
    final String cmdline;
    final FakePages pages;
    final FakeKho kho;
    final Luo luo;
    StepObserver observer = steps::add;
    /** Runs between the reboot path and the next boot: RAM damage goes here. */
    Runnable beforeHandover = () -> { };

    private FakeKernel(HeapPhysMem mem, String name, String cmdline, FakePages pages, FakeKho kho, Luo luo) {
        this.mem = mem;
        this.log = new KernelLog(name);
        this.cmdline = cmdline;
        this.pages = pages;
        this.kho = kho;
        this.luo = luo;
        luo.earlyInit(this);
        luo.lateInit(this);
    }

    static FakeKernel coldBoot(String cmdline) {
        return coldBoot(cmdline, new Luo());
    }

    static FakeKernel coldBoot(String cmdline, Luo luo) {
        HeapPhysMem mem = new HeapPhysMem(RAM);
        FakePages pages = new FakePages(mem, LOW, RAM);
        return new FakeKernel(mem, "A", cmdline, pages, new FakeKho(pages), luo);
    }

    static FakeKernel coldBoot() {
        return coldBoot("kho=on liveupdate=on");
    }

    /** reboot(KEXEC) and the boot of the next kernel, which gets {@code next} as its Luo. */
    FakeKernel kexec(Luo next) {
        return kexec(next, cmdline);
    }

    FakeKernel kexec(Luo next, String nextCmdline) {
        luo.reboot(this);
        kho.finalizeKho();
        beforeHandover.run();
        FakePages nextPages = new FakePages(mem, LOW, RAM);
        return new FakeKernel(mem, "B", nextCmdline, nextPages, kho.handover(nextPages), next);
    }

    FakeKernel kexec() {
        return kexec(new Luo());
    }

    UserProcess process() {
        return new UserProcess(this, luo);
    }

    @Override public PhysMem mem() { return mem; }
    @Override public KernelLog log() { return log; }
    @Override public StepObserver steps() { return s -> observer.enter(s); }
    @Override public String cmdline() { return cmdline; }
    @Override public PageAllocator pages() { return pages; }
    @Override public KhoOutgoing khoOut() { return kho; }
    @Override public KhoIncoming khoIn() { return kho; }
}
