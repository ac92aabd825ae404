// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.liveupdate.LiveupdateFileHandler;
import org.khoemu.kernel.liveupdate.LiveupdateFileOpArgs;
import org.khoemu.kernel.luo.abi.CString;

/** {@code struct luo_file}: one preserved (or incoming) file of a session, with its token. */
public final class LuoFile {
    final long token;
    final LiveupdateFileOpArgs args;

    LuoFile(LiveupdateFileHandler handler, long token) {
        this.token = token;
        this.args = new LiveupdateFileOpArgs(handler);
    }

    /** The handler's compatible string as the serialized field, made on the first freeze. */
    private byte[] compatibleField;

    byte[] compatibleField(int fieldLen) {
        byte[] f = compatibleField;
        if (f == null || f.length != fieldLen) {
            f = CString.field(handler().compatible(), fieldLen);
            compatibleField = f;
        }
        return f;
    }

    public long token() {
        return token;
    }

    public LiveupdateFileHandler handler() {
        return args.handler;
    }
}
