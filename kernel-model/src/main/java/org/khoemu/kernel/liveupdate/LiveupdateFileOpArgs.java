// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.liveupdate;

import org.khoemu.kernel.proc.KernelFile;

/**
 * {@code struct liveupdate_file_op_args}: what LUO hands a file handler's callbacks, and where
 * the handler leaves its results ({@code serializedData} from preserve/freeze, {@code file}
 * from retrieve, {@code privateData} for its own bookkeeping in the outgoing kernel).
 */
public final class LiveupdateFileOpArgs {
    public final LiveupdateFileHandler handler;
    public KernelFile file;
    public long serializedData;
    public Object privateData;
    /** 0: retrieve not attempted; positive: retrieved; negative: -errno of a failed retrieve. */
    public int retrieveStatus;

    public LiveupdateFileOpArgs(LiveupdateFileHandler handler) {
        this.handler = handler;
    }

    public boolean retrieved() {
        return retrieveStatus > 0;
    }
}
