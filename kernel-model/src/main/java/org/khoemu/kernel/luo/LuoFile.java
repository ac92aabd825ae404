// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

/** {@code struct luo_file}: one preserved (or incoming) file of a session, with its token. */
public final class LuoFile {
    final long token;
    final LiveupdateFileOpArgs args;

    LuoFile(LiveupdateFileHandler handler, long token) {
        this.token = token;
        this.args = new LiveupdateFileOpArgs(handler);
    }

    public long token() {
        return token;
    }

    public LiveupdateFileHandler handler() {
        return args.handler;
    }
}
