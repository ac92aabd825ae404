// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.proc.UserProcess;

import java.util.List;

/**
 * Userspace opening {@code /dev/liveupdate}. When the device is missing the errno alone
 * (ENOENT) does not help; the reason is in the kernel log (KHO or LUO turned itself off at
 * boot), so those lines are added to the message.
 */
public final class DevLiveupdate {
    private DevLiveupdate() {
    }

    /** {@code open("/dev/liveupdate")}; ENOENT carries the log lines that explain it. */
    public static int open(UserProcess p, KernelLog log) {
        try {
            return p.open(UserProcess.DEV_LIVEUPDATE);
        } catch (KernelException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
            throw new KernelException(Errno.ENOENT, UserProcess.DEV_LIVEUPDATE
                    + ": no such device; the kernel log says: " + whyDisabled(log));
        }
    }

    /** The KHO and LUO log lines that turned them off, or a plain statement that there are none. */
    static String whyDisabled(KernelLog log) {
        List<String> why = log.lines().stream()
                .filter(l -> l.startsWith("KHO") || l.startsWith("luo"))
                .filter(l -> {
                    String s = l.toLowerCase(java.util.Locale.ROOT);
                    return s.contains("disabl") || s.contains("fail") || s.contains("unable");
                })
                .toList();
        return why.isEmpty() ? "no KHO or LUO line says why; is liveupdate=on kho=on on the command line?"
                : String.join("; ", why);
    }
}
