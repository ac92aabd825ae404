// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.liveupdate.LiveupdateFileHandler;
import org.khoemu.kernel.liveupdate.LiveupdateFileOpArgs;
import org.khoemu.kernel.proc.KernelFile;

import java.util.List;

/**
 * A file handler for tests: preserves files of class {@link TestFile}, records every callback
 * as {@code "op:name"} and fails the ones the test asks it to.
 */
final class TestHandlers implements LiveupdateFileHandler {
    static final class TestFile extends KernelFile {
        final String name;

        TestFile(String name) {
            this.name = name;
        }

        @Override
        public String describe() {
            return "test:" + name;
        }
    }

    private final List<String> calls;
    String failFreezeOf;
    String refuseFinishOf;

    TestHandlers(List<String> calls) {
        this.calls = calls;
    }

    private static String name(LiveupdateFileOpArgs a) {
        return a.file != null ? ((TestFile) a.file).name : "data" + a.serializedData;
    }

    @Override public String compatible() { return "test-v1"; }
    @Override public boolean canPreserve(KernelFile file) { return file instanceof TestFile; }

    @Override
    public void preserve(KernelContext k, LiveupdateFileOpArgs a) {
        calls.add("preserve:" + name(a));
        a.serializedData = ((TestFile) a.file).name.hashCode() & 0xffff;
    }

    @Override public void unpreserve(KernelContext k, LiveupdateFileOpArgs a) { calls.add("unpreserve:" + name(a)); }

    @Override
    public void freeze(KernelContext k, LiveupdateFileOpArgs a) {
        if (name(a).equals(failFreezeOf)) {
            calls.add("freeze-failed:" + name(a));
            throw new KernelException(Errno.EIO, "freeze refused");
        }
        calls.add("freeze:" + name(a));
    }

    @Override public void unfreeze(KernelContext k, LiveupdateFileOpArgs a) { calls.add("unfreeze:" + name(a)); }

    @Override
    public void retrieve(KernelContext k, LiveupdateFileOpArgs a) {
        calls.add("retrieve:" + a.serializedData);
        a.file = new TestFile("r" + a.serializedData);
    }

    @Override
    public boolean canFinish(KernelContext k, LiveupdateFileOpArgs a) {
        return !name(a).equals(refuseFinishOf);
    }

    @Override public void finish(KernelContext k, LiveupdateFileOpArgs a) { calls.add("finish:" + name(a)); }
}
