// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.liveupdate;

import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.proc.KernelFile;

/**
 * {@code struct liveupdate_file_handler} with its ops. Failures are thrown as
 * {@code KernelException} with the errno the C callback would return. The optional callbacks
 * default to what LUO does when they are absent.
 */
public interface LiveupdateFileHandler {
    /** Written into {@code luo_file_ser.compatible}; at most 47 characters survive. */
    String compatible();

    boolean canPreserve(KernelFile file);

    /** Save the file's state in preserved memory; set {@code args.serializedData}. */
    void preserve(KernelContext k, LiveupdateFileOpArgs args);

    /** Undo {@link #preserve} (the session was closed before the reboot). */
    void unpreserve(KernelContext k, LiveupdateFileOpArgs args);

    /** Reboot time, userspace stopped: last chance to update {@code args.serializedData}. */
    default void freeze(KernelContext k, LiveupdateFileOpArgs args) {
    }

    /** Undo of {@link #freeze} when the reboot is aborted. */
    default void unfreeze(KernelContext k, LiveupdateFileOpArgs args) {
    }

    /** New kernel: rebuild the file from {@code args.serializedData}; set {@code args.file}. */
    void retrieve(KernelContext k, LiveupdateFileOpArgs args);

    default boolean canFinish(KernelContext k, LiveupdateFileOpArgs args) {
        return true;
    }

    /** New kernel: LUO lets go of the file; release whatever was not retrieved. */
    void finish(KernelContext k, LiveupdateFileOpArgs args);

    /** For reports: the size of the file's data, -1 if unknown. Must not trust RAM blindly. */
    default long dataSize(KernelContext k, LiveupdateFileOpArgs args) {
        return -1;
    }
}
