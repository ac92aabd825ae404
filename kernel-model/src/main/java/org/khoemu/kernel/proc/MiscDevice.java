// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.proc;

/**
 * A device node the way {@code misc_register} provides one: a path under {@code /dev} and an
 * {@code open}. The subsystem behind it implements this, so that {@code open(2)} finds it by path
 * without the process layer knowing the subsystem.
 */
public interface MiscDevice {
    /** The node's path, e.g. {@code /dev/liveupdate}. */
    String nodeName();

    /** Whether the node exists: a subsystem that is off never registers it. */
    boolean registered();

    /** A new open file of the device; the caller installs it in an fd. */
    KernelFile open();
}
