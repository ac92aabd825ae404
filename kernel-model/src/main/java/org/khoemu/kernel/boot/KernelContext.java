// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.mm.PageAllocator;
import org.khoemu.kernel.port.PhysMem;

/** What one running kernel offers its subsystems (LUO, test_kho, ...). */
public interface KernelContext {
    PhysMem mem();

    KernelLog log();

    StepObserver steps();

    /** The command line, e.g. {@code "kho=on liveupdate=on"}. */
    String cmdline();

    /**
     * {@code CONFIG_KEXEC_HANDOVER_ENABLE_DEFAULT}: KHO is on unless the command line has
     * {@code kho=off}. False by default, as in the kernel's Kconfig.
     */
    default boolean khoEnabledByDefault() {
        return false;
    }

    PageAllocator pages();

    KhoOutgoing khoOut();

    /** Never null; {@link KhoIncoming#isKhoBoot()} is false on a cold boot. */
    KhoIncoming khoIn();
}
